package com.crm.segmentation.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A full run fits on a fixed sample of a large population: the same customers every time, the same parameters. */
class FitSampleTest {

    private static final LocalDate END = LocalDate.of(2026, 11, 30);
    private static final LocalDate START = END.minusDays(TrueProcess.DAYS);

    @Test
    void theSampleIsAboutTheAskedSizeAndAlwaysTheSameCustomers() {
        List<CustomerHistory> population = population(50_000, 1);
        List<CustomerHistory> sample = FitPhase.sample(population, 10_000);
        assertThat(sample.size()).isBetween(9_700, 10_300);
        assertThat(FitPhase.sample(new ArrayList<>(population.reversed()), 10_000))
                .as("chosen by id, not by position")
                .containsExactlyInAnyOrderElementsOf(sample);
        List<CustomerHistory> grown = new ArrayList<>(population);
        grown.addAll(population(5_000, 2));
        assertThat(FitPhase.sample(grown, 11_000))
                .as("a grown population keeps the customers it had in its sample")
                .containsAll(sample);
        assertThat(FitPhase.sample(population, 50_000)).isSameAs(population);
        assertThat(FitPhase.sample(population, 0)).isSameAs(population);
    }

    @Test
    void aSampleOfTwentyThousandEstimatesWhatTheWholePopulationDoes() {
        List<CustomerHistory> population = population(100_000, 3);
        FitPhase.Fitted whole = FitPhase.fit(population, END, 7, 0).orElseThrow();
        FitPhase.Fitted sampled = FitPhase.fit(population, END, 7, 20_000).orElseThrow();

        assertThat(whole.bgNbd().fit().customers()).isEqualTo(100_000);
        assertThat(sampled.bgNbd().fit().customers()).isBetween(19_000, 21_000);
        for (String p : List.of("r", "alpha", "a", "b")) {
            double all = whole.bgNbd().fit().get(p);
            assertThat(sampled.bgNbd().fit().get(p)).as("BG/NBD " + p).isCloseTo(all, within(0.15 * all));
        }
        // Gamma-Gamma's p and gamma are weakly separable; their ratio, the mean spend, is what scoring uses
        double wholeMean = meanSpend(whole);
        assertThat(meanSpend(sampled)).isCloseTo(wholeMean, within(0.05 * wholeMean));
        assertThat(sampled.start()).isEqualTo(whole.start());
        var expected = whole.bgNbdModel();
        var estimated = sampled.bgNbdModel();
        for (CustomerHistory c : population.subList(0, 1_000)) {
            double x = c.repeats();
            double tx = ChronoUnit.DAYS.between(c.firstDay(), c.lastDay()) / 7.0;
            double age = ChronoUnit.DAYS.between(c.firstDay(), END) / 7.0;
            assertThat(estimated.pAlive((int) x, tx, age))
                    .as("P(alive) of " + c)
                    .isCloseTo(expected.pAlive((int) x, tx, age), within(0.05));
        }
    }

    private static double meanSpend(FitPhase.Fitted f) {
        var gg = f.gammaGamma().fit();
        return gg.get("p") * gg.get("gamma") / (gg.get("q") - 1);
    }

    /** N customers of the true process, summarised per distinct purchase day as a run loads them. */
    private static List<CustomerHistory> population(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<CustomerHistory> customers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            TreeMap<Integer, Double> days = new TreeMap<>();
            TrueProcess.simulate(random, (day, amount) -> days.merge(day, amount, Double::sum));
            double total =
                    days.values().stream().mapToDouble(Double::doubleValue).sum();
            double repeatMean = days.size() > 1 ? (total - days.firstEntry().getValue()) / (days.size() - 1) : 0;
            customers.add(new CustomerHistory(
                    new UUID(random.nextLong(), random.nextLong()),
                    START.plusDays(days.firstKey()),
                    START.plusDays(days.lastKey()),
                    days.size(),
                    total,
                    repeatMean,
                    0,
                    0,
                    null,
                    true));
        }
        return customers;
    }
}
