package com.crm.segmentation.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class ValueScoringTest {

    @Test
    void quintilesGiveTheBestFifthFiveAndTiesOneScore() {
        double[] values = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertThat(ValueScoring.quintiles(values, false)).containsExactly(1, 1, 2, 2, 3, 3, 4, 4, 5, 5);
        assertThat(ValueScoring.quintiles(values, true)).containsExactly(5, 5, 4, 4, 3, 3, 2, 2, 1, 1);
        assertThat(ValueScoring.quintiles(new double[] {3, 3, 3}, false)).containsExactly(1, 1, 1);
    }

    @Test
    void tiersByClvThresholds() {
        assertThat(ValueScoring.tier(100, 90, 50, 10)).isEqualTo("S");
        assertThat(ValueScoring.tier(60, 90, 50, 10)).isEqualTo("A");
        assertThat(ValueScoring.tier(10, 90, 50, 10)).isEqualTo("B");
        assertThat(ValueScoring.tier(9.99, 90, 50, 10)).isEqualTo("C");
    }

    @Test
    void quadrantFromValueAndRelationshipStrength() {
        assertThat(ValueScoring.quadrant(true, 0.9, 0)).isEqualTo("KEY");
        assertThat(ValueScoring.quadrant(true, 0.1, 0)).isEqualTo("KEY_DEVELOPMENT");
        assertThat(ValueScoring.quadrant(false, 0.9, 0)).isEqualTo("MAINTAIN");
        assertThat(ValueScoring.quadrant(false, 0.1, 1)).isEqualTo("OPPORTUNISTIC");
    }

    @Test
    void churnRiskRisesWithComplaintsAndDetractorsAndIsCapped() {
        assertThat(ValueScoring.churnRisk(0.8, 0, null)).isCloseTo(0.2, Offset.offset(1e-12));
        assertThat(ValueScoring.churnRisk(0.8, 2, null)).isCloseTo(0.5, Offset.offset(1e-12));
        assertThat(ValueScoring.churnRisk(0.1, 3, true)).isEqualTo(1.0);
    }

    @Test
    void namedRfmSegments() {
        assertThat(ValueScoring.rfmSegment(5, 5, 5)).isEqualTo("CHAMPIONS");
        assertThat(ValueScoring.rfmSegment(1, 5, 5)).isEqualTo("CANT_LOSE_THEM");
        assertThat(ValueScoring.rfmSegment(2, 4, 4)).isEqualTo("AT_RISK");
        assertThat(ValueScoring.rfmSegment(1, 1, 1)).isEqualTo("HIBERNATING");
        assertThat(ValueScoring.rfmSegment(5, 1, 1)).isEqualTo("NEW_CUSTOMERS");
    }

    @Test
    void clvGrowsWithFrequencyAndRecency() {
        BgNbd bg = new BgNbd(0.243, 4.414, 0.793, 2.426);
        GammaGamma gg = new GammaGamma(6.25, 3.74, 15.44);
        double rate = ValueScoring.periodRate(0.1, 7);
        double frequentRecent = ValueScoring.clv(bg, gg, 10, 38, 39, 30, 52, 4, rate);
        double onceLongAgo = ValueScoring.clv(bg, gg, 1, 2, 39, 30, 52, 4, rate);
        assertThat(frequentRecent).isGreaterThan(onceLongAgo).isPositive();
    }
}
