package com.crm.segmentation.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class KpiBandTest {

    @Test
    void medianPlusMinusKScaledMad() {
        // median 10, deviations 0,1,1,2,2 -> MAD 1; half width 3 * 1.4826
        KpiBand band = KpiBand.of(new double[] {8, 9, 10, 11, 12}, 3, 0);
        assertThat(band.median()).isEqualTo(10);
        assertThat(band.mad()).isEqualTo(1);
        assertThat(band.low()).isCloseTo(10 - 4.4478, within(1e-9));
        assertThat(band.high()).isCloseTo(10 + 4.4478, within(1e-9));
        assertThat(band.direction(14.4)).isNull();
        assertThat(band.direction(14.5)).isEqualTo("ABOVE");
        assertThat(band.direction(5.5)).isEqualTo("BELOW");
    }

    @Test
    void oneOutlierInTheHistoryBarelyMovesTheBandAndAFlatHistoryUsesTheFloor() {
        KpiBand robust = KpiBand.of(new double[] {2, 3, 2, 3, 100}, 3, 0);
        assertThat(robust.median()).isEqualTo(3);
        assertThat(robust.high()).isLessThan(10);
        KpiBand flat = KpiBand.of(new double[] {2, 2, 2, 2}, 3, 1);
        assertThat(flat.low()).isEqualTo(1);
        assertThat(flat.high()).isEqualTo(3);
        assertThat(flat.direction(3)).isNull();
        assertThat(flat.direction(15)).isEqualTo("ABOVE");
    }
}
