package com.crm.segmentation.winback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WinbackReturnModelTest {

    @Test
    void shrinksASmallGroupTowardTheOverallRateAndALargeOneHardlyAtAll() {
        ReturnModel model = ReturnModel.of(Map.of(
                "1|<1y|false", new ReturnModel.Counts(2, 2),
                "5+|3y+|false", new ReturnModel.Counts(100, 1000)));
        double p0 = 102.0 / 1002;
        // two returns of two: not 100 % but (2 + 10·p0) / (2 + 10)
        assertThat(model.rate("1|<1y|false").probability()).isCloseTo((2 + 10 * p0) / 12, within(1e-12));
        assertThat(model.rate("1|<1y|false").probability()).isLessThan(0.3);
        assertThat(model.rate("5+|3y+|false").probability()).isCloseTo((100 + 10 * p0) / 1010, within(1e-12));
        // a group never seen gets the overall rate
        assertThat(model.rate("2-4|1-3y|true").probability()).isCloseTo(p0, within(1e-12));
        assertThat(model.rates()).hasSize(18);
    }

    @Test
    void withoutAnyObservedLapseThereIsNoProbability() {
        ReturnModel model = ReturnModel.of(Map.of());
        assertThat(model.overallRate()).isNull();
        assertThat(model.rate("1|<1y|false").probability()).isNull();
    }

    @Test
    void describesAGroupInWords() {
        assertThat(ReturnModel.describe(ReturnModel.key("2-4", "1-3y", true)))
                .isEqualTo("2-4 purchase days, tenure 1-3y, lost to a competitor");
    }
}
