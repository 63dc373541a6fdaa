package com.crm.segmentation.value;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.segmentation.value.CustomerValueRepository.StoredValue;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ValueScoredEventsTest {

    private static StoredValue value(String tier, Double clv, Double pAlive, Double churn, String stage) {
        return new StoredValue(
                UUID.randomUUID(),
                (short) 3,
                (short) 3,
                (short) 3,
                "LOYAL",
                pAlive,
                1.0,
                50.0,
                clv,
                0.5,
                tier,
                "KEY",
                churn,
                stage,
                "r",
                Instant.now());
    }

    @Test
    void onlyMaterialChangesCount() {
        StoredValue base = value("A", 1000.0, 0.8, 0.2, "MATURE");
        assertThat(ValueScoredEvents.material(null, base)).isTrue();
        assertThat(ValueScoredEvents.material(base, value("A", 1009.0, 0.805, 0.205, "MATURE")))
                .isFalse();
        assertThat(ValueScoredEvents.material(base, value("A", 1011.0, 0.8, 0.2, "MATURE")))
                .isTrue();
        assertThat(ValueScoredEvents.material(base, value("A", 1000.0, 0.815, 0.2, "MATURE")))
                .isTrue();
        assertThat(ValueScoredEvents.material(base, value("A", 1000.0, 0.8, 0.22, "MATURE")))
                .isTrue();
        assertThat(ValueScoredEvents.material(base, value("S", 1000.0, 0.8, 0.2, "MATURE")))
                .isTrue();
        assertThat(ValueScoredEvents.material(base, value("A", 1000.0, 0.8, 0.2, "DECLINING")))
                .isTrue();
        assertThat(ValueScoredEvents.material(base, value("A", null, 0.8, 0.2, "MATURE")))
                .isTrue();
    }

    @Test
    void theEventCarriesDecimalStrings() {
        var e = ValueScoredEvents.event(value("S", 1234.567, 0.91234, 0.1, "MATURE"), Instant.EPOCH, null);
        assertThat(e.clv()).isEqualTo("1234.57");
        assertThat(e.pAlive()).isEqualTo("0.9123");
        assertThat(e.tier()).isEqualTo("S");
        assertThat(e.lifecycleStage()).isEqualTo("MATURE");
        assertThat(e.runId()).isNull();
    }
}
