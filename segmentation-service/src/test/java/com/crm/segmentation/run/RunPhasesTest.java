package com.crm.segmentation.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.events.segmentation.CustomerValueScored;
import com.crm.contracts.events.segmentation.LifecycleStageChanged;
import com.crm.contracts.events.segmentation.TierChanged;
import com.crm.segmentation.SegmentationProperties;
import com.crm.segmentation.model.CustomerSummary;
import com.crm.segmentation.model.Lifecycle;
import com.crm.segmentation.value.CustomerValueRepository.StoredValue;
import com.crm.segmentation.value.Scorer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The pure phases of a full run, without a database. */
class RunPhasesTest {

    private static final LocalDate END = LocalDate.of(2026, 1, 31);
    private static final Instant NOW = Instant.parse("2026-02-01T02:30:00Z");
    private static final UUID RUN = UUID.randomUUID();
    private static final SegmentationProperties PROPERTIES = new SegmentationProperties(
            null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    private static final ScorePhase.TierPercentiles TIERS = new ScorePhase.TierPercentiles(0.95, 0.80, 0.50);

    private static CustomerHistory history(
            int purchaseDays, LocalDate first, LocalDate last, double total, double repeatMean, boolean scored) {
        return new CustomerHistory(UUID.randomUUID(), first, last, purchaseDays, total, repeatMean, 0, 0, null, scored);
    }

    @Test
    void summaryStatesEachCustomerInPeriodsWithoutRepeatSpendForOneTimeBuyers() {
        var once = history(1, END.minusDays(14), END.minusDays(14), 50, 99, true);
        var twice = history(3, END.minusDays(70), END.minusDays(7), 300, 120, false);

        CustomerSummary s = FitPhase.summary(List.of(once, twice), END, 7);

        assertThat(s.x()).containsExactly(0, 2);
        assertThat(s.tx()).containsExactly(0.0, 9.0);
        assertThat(s.T()).containsExactly(2.0, 10.0);
        assertThat(s.zbar()).containsExactly(0.0, 120.0);
    }

    @Test
    void fitsNothingWithoutARepeatPurchase() {
        var once = history(1, END.minusDays(14), END.minusDays(14), 50, 0, true);

        assertThat(FitPhase.fittable(List.of(once))).isFalse();
        assertThat(FitPhase.fit(List.of(once), END, 7, 0)).isEmpty();
    }

    @Test
    void fitsBothModelsOverTheWindowFromTheFirstPurchase() {
        List<CustomerHistory> customers = population(300);

        var fitted = FitPhase.fit(customers, END, 7, 0).orElseThrow();

        assertThat(fitted.start())
                .isEqualTo(customers.stream()
                        .map(CustomerHistory::firstDay)
                        .min(LocalDate::compareTo)
                        .orElseThrow());
        assertThat(fitted.bgNbd().fit().customers()).isEqualTo(300);
        assertThat(fitted.bgNbdModel()).isNotNull();
        assertThat(fitted.gammaGammaModel()).isNotNull();
    }

    @Test
    void scoresOnlyScorableCustomersAndRanksThemIntoTiers() {
        List<CustomerHistory> customers = new ArrayList<>(population(300));
        customers.add(history(4, END.minusDays(200), END.minusDays(3), 400, 100, false));
        var fitted = FitPhase.fit(customers, END, 7, 0).orElseThrow();
        Scorer scorer = new Scorer(
                PROPERTIES, fitted.bgNbdModel(), fitted.gammaGammaModel(), null, Scorer.lifecycle(PROPERTIES));

        ScorePhase.Scored scored = ScorePhase.score(customers, scorer, true, TIERS, END);

        assertThat(scored.customers()).hasSize(300);
        Scorer.Thresholds t = scored.thresholds();
        assertThat(t.sMin()).isGreaterThanOrEqualTo(t.aMin());
        assertThat(t.aMin()).isGreaterThanOrEqualTo(t.bMin());
        long tierS =
                scored.customers().stream().filter(c -> "S".equals(c.tier())).count();
        assertThat(tierS).isBetween(10L, 20L);
        for (ScorePhase.ScoredCustomer c : scored.customers()) {
            assertThat(c.clvPercentile()).isBetween(0.0, 1.0);
            assertThat(c.recency()).isBetween((short) 1, (short) 5);
            assertThat(c.quadrant()).isNotNull();
        }
    }

    @Test
    void drawsNoTiersWithoutModels() {
        List<CustomerHistory> customers = List.of(history(1, END.minusDays(14), END.minusDays(14), 50, 0, true));
        Scorer scorer = new Scorer(PROPERTIES, null, null, null, Scorer.lifecycle(PROPERTIES));

        ScorePhase.Scored scored = ScorePhase.score(customers, scorer, false, TIERS, END);

        assertThat(scored.thresholds()).isNull();
        ScorePhase.ScoredCustomer c = scored.customers().getFirst();
        assertThat(c.tier()).isNull();
        assertThat(c.clvPercentile()).isNull();
        assertThat(c.score().stage().stage()).isEqualTo(Lifecycle.Stage.NEW);
    }

    @Test
    void quantileIsTheLowestValueAtOrAboveThePercentile() {
        double[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertThat(ScorePhase.quantile(sorted, 0.5)).isEqualTo(6);
        assertThat(ScorePhase.quantile(sorted, 0.95)).isEqualTo(10);
        assertThat(ScorePhase.quantile(sorted, 1.0)).isEqualTo(10);
    }

    @Test
    void aFirstScoreSendsStageTierAndScoredEventsAndLogsTheStageMove() {
        ScorePhase.ScoredCustomer c = scoredCustomer("A", Lifecycle.Stage.GROWING);

        WritePhase.Outcome o = WritePhase.of(c, null, NOW, RUN);

        assertThat(o.saved().tier()).isEqualTo("A");
        assertThat(o.saved().updatedAt()).isEqualTo(NOW);
        assertThat(o.transitions()).hasSize(2);
        assertThat(o.transitions().get(0))
                .isInstanceOfSatisfying(
                        LifecycleStageChanged.class, e -> assertThat(e.to()).isEqualTo("GROWING"));
        assertThat(o.transitions().get(1)).isInstanceOfSatisfying(TierChanged.class, e -> {
            assertThat(e.to()).isEqualTo("A");
            assertThat(e.clv()).isEqualTo("1234.57");
        });
        assertThat(o.scored()).isInstanceOf(CustomerValueScored.class);
        assertThat(o.stageMove())
                .isEqualTo(new WritePhase.StageMove(c.customer().customerId(), null, "GROWING", NOW));
        assertThat(o.tierChanged()).isTrue();
    }

    @Test
    void anUnchangedScoreSendsNothing() {
        ScorePhase.ScoredCustomer c = scoredCustomer("A", Lifecycle.Stage.GROWING);
        StoredValue previous =
                WritePhase.of(c, null, NOW.minusSeconds(86_400), RUN).saved();

        WritePhase.Outcome o = WritePhase.of(c, previous, NOW, RUN);

        assertThat(o.transitions()).isEmpty();
        assertThat(o.scored()).isNull();
        assertThat(o.stageMove()).isNull();
        assertThat(o.tierChanged()).isFalse();
        assertThat(o.changed()).as("the row is not rewritten").isFalse();
    }

    @Test
    void anyChangedScoreRewritesTheRowEvenBelowWhatAnEventNeeds() {
        ScorePhase.ScoredCustomer c = scoredCustomer("A", Lifecycle.Stage.GROWING);
        StoredValue stored =
                WritePhase.of(c, null, NOW.minusSeconds(86_400), RUN).saved();
        // CLV 0.1 % off: stored, but not material enough for crm.value.scored
        StoredValue previous = new StoredValue(
                stored.customerId(),
                stored.recencyScore(),
                stored.frequencyScore(),
                stored.monetaryScore(),
                stored.rfmSegment(),
                stored.pAlive(),
                stored.expectedPurchases(),
                stored.expectedSpend(),
                stored.clv() * 1.001,
                stored.clvPercentile(),
                stored.tier(),
                stored.quadrant(),
                stored.churnRisk(),
                stored.stage(),
                stored.stageReason(),
                stored.updatedAt());

        WritePhase.Outcome o = WritePhase.of(c, previous, NOW, RUN);

        assertThat(o.changed()).isTrue();
        assertThat(o.scored()).isNull();
        assertThat(WritePhase.of(c, null, NOW, RUN).changed()).isTrue();
    }

    @Test
    void aProspectKeepsTheDecisionsOwnReasonAndHasNoTier() {
        UUID id = UUID.randomUUID();
        Lifecycle.Decision stage = Scorer.lifecycle(PROPERTIES).decide(0, null, null, END, null);
        StoredValue previous = new StoredValue(
                id,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                "B",
                null,
                null,
                "CHURNED",
                "earlier",
                NOW.minusSeconds(86_400));

        WritePhase.Outcome o = WritePhase.prospect(id, stage, previous, NOW, RUN);

        assertThat(o.saved().stage()).isEqualTo(stage.stage().name());
        assertThat(o.saved().stageReason()).isEqualTo(stage.reason());
        assertThat(o.saved().tier()).isNull();
        assertThat(o.tierChanged()).isFalse();
        assertThat(o.transitions()).singleElement().isInstanceOf(LifecycleStageChanged.class);
    }

    private static ScorePhase.ScoredCustomer scoredCustomer(String tier, Lifecycle.Stage stage) {
        CustomerHistory h = history(4, END.minusDays(100), END.minusDays(5), 400, 100, true);
        Scorer.Score score =
                new Scorer.Score(0.9, 3.0, 110.0, 1234.567, null, null, 0.1, new Lifecycle.Decision(stage, "because"));
        return new ScorePhase.ScoredCustomer(h, score, (short) 5, (short) 4, (short) 4, 0.85, tier, "STAR");
    }

    /** Customers buying at random rates over the year before END. */
    private static List<CustomerHistory> population(int n) {
        Random random = new Random(42);
        List<CustomerHistory> customers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            LocalDate first = END.minusDays(30 + random.nextInt(330));
            int days = 1 + random.nextInt(8);
            long span = ChronoUnit.DAYS.between(first, END);
            LocalDate last = days == 1 ? first : first.plusDays(Math.max(days - 1, random.nextLong(span)));
            double mean = 20 + random.nextDouble() * 200;
            customers.add(history(days, first, last.isAfter(END) ? END : last, mean * days, mean, true));
        }
        return customers;
    }
}
