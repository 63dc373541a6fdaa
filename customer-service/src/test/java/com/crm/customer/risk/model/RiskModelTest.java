package com.crm.customer.risk.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RiskModelTest {

    private static final RiskSettings S = RiskSettings.DEFAULTS;

    private static RiskFacts facts(
            long purchases, double bought, long refunds, double refunded, long recent, List<RiskFacts.Shared> shared) {
        return new RiskFacts(purchases, bought, refunds, refunded, recent, 0, 0, 0, 0, shared);
    }

    @Test
    void noSignalsScoresZero() {
        var a = RiskModel.assess(facts(40, 20_000, 1, 500, 0, List.of()), S);
        assertThat(a.score()).isZero();
        assertThat(a.signals()).isEmpty();
        assertThat(a.evidence()).isEmpty();
    }

    @Test
    void combinesByNoisyOrAndContributionsAddUpToTheScore() {
        var phone = new RiskFacts.Shared(SignalKind.SHARED_PHONE, "+86 139…78", "k1", 4);
        var a = RiskModel.assess(facts(4, 1200, 3, 900, 3, List.of(phone)), S);
        double refund = 0.55 * 0.75; // ratio 0.75 ≥ full, confidence 3/4
        double velocity = 0.35 * (1 - Math.exp(-2 / 3.0));
        double expected = 1 - (1 - 0.6) * (1 - refund) * (1 - velocity);
        assertThat(a.score()).isCloseTo(expected, within(1e-6));
        assertThat(a.signals())
                .extracting(RiskModel.Signal::kind)
                .containsExactly(SignalKind.SHARED_PHONE, SignalKind.REFUND_RATIO, SignalKind.REFUND_VELOCITY);
        assertThat(a.signals().stream()
                        .mapToDouble(RiskModel.Signal::contribution)
                        .sum())
                .isCloseTo(a.score(), within(1e-5));
        assertThat(a.signals().getFirst().reason()).isEqualTo("shares phone +86 139…78 with 4 other profiles");
        assertThat(a.evidence()).containsEntry("SHARED_PHONE:k1", 4).containsEntry("REFUND_RATIO", 3);
    }

    @Test
    void aClusterIsFullStrengthAtTheRingSizeAndWeakForAPair() {
        var pair = RiskModel.assess(
                facts(0, 0, 0, 0, 0, List.of(new RiskFacts.Shared(SignalKind.SHARED_ADDRESS, "…", "a", 1))), S);
        assertThat(pair.score()).isCloseTo(0.3 * 0.25, within(1e-6));
        var ring = RiskModel.assess(
                facts(0, 0, 0, 0, 0, List.of(new RiskFacts.Shared(SignalKind.SHARED_DEVICE, "…", "d", 9))), S);
        assertThat(ring.score()).isCloseTo(0.6, within(1e-6));
    }

    @Test
    void aBurstIsMeasuredAgainstTheCustomersOwnHistory() {
        // 3 a week for half a year, then 4 in a week: no burst; 15 in a week: a full one
        var steady = new RiskFacts(80, 8000, 0, 0, 0, 4, 77, 180, 0, List.of());
        assertThat(RiskModel.assess(steady, S).signals()).isEmpty();
        var spree = new RiskFacts(92, 9200, 0, 0, 0, 15, 77, 180, 0, List.of());
        assertThat(RiskModel.assess(spree, S).signals().getFirst().strength()).isEqualTo(1.0);
        var newcomer = new RiskFacts(6, 600, 0, 0, 0, 6, 0, 0, 0, List.of());
        assertThat(RiskModel.assess(newcomer, S).signals().getFirst().kind()).isEqualTo(SignalKind.PURCHASE_BURST);
    }

    @Test
    void onlyStrongerOrOtherEvidenceIsNew() {
        Map<String, Integer> cleared = Map.of("SHARED_PHONE:k1", 4, "REFUND_RATIO", 3);
        assertThat(RiskModel.isNewEvidence(Map.of("SHARED_PHONE:k1", 4, "REFUND_RATIO", 2), cleared))
                .isFalse();
        assertThat(RiskModel.isNewEvidence(cleared, cleared)).isFalse();
        assertThat(RiskModel.isNewEvidence(Map.of("REFUND_VELOCITY", 1), cleared))
                .isTrue();
        assertThat(RiskModel.isNewEvidence(Map.of("SHARED_PHONE:k2", 1), cleared))
                .isTrue();
    }

    private static RiskFacts loyalty(long debtRefunds, long debtPoints, RiskFacts.CouponRing... rings) {
        return new RiskFacts(
                10,
                1000,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                List.of(),
                new RiskFacts.Loyalty(debtRefunds, debtPoints, List.of(rings)));
    }

    @Test
    void refundsOfPurchasesWhosePointsWereSpentArePointsAbuseBeyondTheFirst() {
        assertThat(RiskModel.assess(loyalty(1, 300), S).signals()).isEmpty();
        var a = RiskModel.assess(loyalty(3, 1240), S);
        assertThat(a.signals()).singleElement().satisfies(signal -> {
            assertThat(signal.kind()).isEqualTo(SignalKind.POINTS_ABUSE);
            assertThat(signal.strength()).isCloseTo(1 - Math.exp(-1), within(1e-6));
            assertThat(signal.reason())
                    .isEqualTo("3 refunds of purchases whose points were already spent (1240 points owed)");
        });
        assertThat(a.score()).isCloseTo(0.45 * (1 - Math.exp(-1)), within(1e-6));
    }

    @Test
    void aCampaignRedeemedByLinkedProfilesIsCouponAbuseNamingTheWidestRing() {
        var a = RiskModel.assess(
                loyalty(0, 0, new RiskFacts.CouponRing("WELCOME10", 1), new RiskFacts.CouponRing("SPRING", 4)), S);
        assertThat(a.signals()).singleElement().satisfies(signal -> {
            assertThat(signal.kind()).isEqualTo(SignalKind.COUPON_ABUSE);
            assertThat(signal.strength()).isEqualTo(1.0);
            assertThat(signal.reason())
                    .isEqualTo("redeemed a 'SPRING' coupon, as did 4 other profiles sharing their phone, e-mail, "
                            + "address or device");
        });
        assertThat(a.score()).isCloseTo(0.5, within(1e-6));
        // a wider ring on the same campaign is new evidence; the same ring again is not
        var pair = RiskModel.assess(loyalty(0, 0, new RiskFacts.CouponRing("SPRING", 1)), S);
        assertThat(RiskModel.isNewEvidence(a.evidence(), pair.evidence())).isTrue();
        assertThat(RiskModel.isNewEvidence(pair.evidence(), a.evidence())).isFalse();
    }
}
