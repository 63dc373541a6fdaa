package com.crm.segmentation.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.segmentation.model.Lifecycle.Stage;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class LifecycleTest {

    private final Lifecycle rules = new Lifecycle(90, 5, 0.5, 0.2, 180, 365);
    private final LocalDate today = LocalDate.of(2026, 11, 25);

    @Test
    void withoutPurchaseIsAProspect() {
        assertThat(rules.decide(0, null, null, today, null).stage()).isEqualTo(Stage.PROSPECT);
    }

    @Test
    void newThenGrowingThenMatureByTenureAndPurchaseDays() {
        assertThat(rules.decide(1, today.minusDays(10), today.minusDays(10), today, 1.0)
                        .stage())
                .isEqualTo(Stage.NEW);
        assertThat(rules.decide(3, today.minusDays(200), today.minusDays(5), today, 0.9)
                        .stage())
                .isEqualTo(Stage.GROWING);
        assertThat(rules.decide(5, today.minusDays(200), today.minusDays(5), today, 0.9)
                        .stage())
                .isEqualTo(Stage.MATURE);
    }

    @Test
    void pAliveDecidesDecliningAndChurnedWhenAModelIsFitted() {
        assertThat(rules.decide(5, today.minusDays(400), today.minusDays(100), today, 0.4)
                        .stage())
                .isEqualTo(Stage.DECLINING);
        assertThat(rules.decide(5, today.minusDays(400), today.minusDays(100), today, 0.1)
                        .stage())
                .isEqualTo(Stage.CHURNED);
    }

    @Test
    void daysSinceLastPurchaseDecideWithoutAModel() {
        assertThat(rules.decide(2, today.minusDays(400), today.minusDays(200), today, null)
                        .stage())
                .isEqualTo(Stage.DECLINING);
        assertThat(rules.decide(2, today.minusDays(800), today.minusDays(400), today, null)
                        .stage())
                .isEqualTo(Stage.CHURNED);
    }

    @Test
    void aPurchaseAfterChurnIsARecordedReactivation() {
        var back = rules.decide(3, today.minusDays(800), today, today, 0.9);
        assertThat(Lifecycle.transitionReason(Stage.CHURNED, back)).startsWith("re-activated: ");
        assertThat(Lifecycle.transitionReason(Stage.NEW, back)).doesNotStartWith("re-activated");
    }
}
