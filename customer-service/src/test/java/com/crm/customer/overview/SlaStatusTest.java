package com.crm.customer.overview;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SlaStatusTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final Duration FOUR_HOURS = Duration.ofHours(4);

    @Test
    void onTrackUntilTheDueSoonWindowThenDueSoonThenBreachedAtTheDeadline() {
        assertThat(SlaStatus.of(false, NOW.plus(Duration.ofHours(5)), NOW, FOUR_HOURS))
                .isEqualTo(SlaStatus.ON_TRACK);
        assertThat(SlaStatus.of(false, NOW.plus(FOUR_HOURS), NOW, FOUR_HOURS)).isEqualTo(SlaStatus.ON_TRACK);
        assertThat(SlaStatus.of(false, NOW.plus(Duration.ofHours(3)), NOW, FOUR_HOURS))
                .isEqualTo(SlaStatus.DUE_SOON);
        assertThat(SlaStatus.of(false, NOW, NOW, FOUR_HOURS)).isEqualTo(SlaStatus.BREACHED);
        assertThat(SlaStatus.of(false, NOW.minusSeconds(1), NOW, FOUR_HOURS)).isEqualTo(SlaStatus.BREACHED);
    }

    @Test
    void anEscalatedComplaintIsBreachedWhateverItsDeadlineAndNoDeadlineIsOnTrack() {
        assertThat(SlaStatus.of(true, NOW.plus(Duration.ofDays(2)), NOW, FOUR_HOURS))
                .isEqualTo(SlaStatus.BREACHED);
        assertThat(SlaStatus.of(false, null, NOW, FOUR_HOURS)).isEqualTo(SlaStatus.ON_TRACK);
    }

    @Test
    void decimalsLoseTrailingZerosButNeverTurnIntoExponents() {
        assertThat(CustomerOverview.decimal(new BigDecimal("1200.5000"))).isEqualTo("1200.5");
        assertThat(CustomerOverview.decimal(new BigDecimal("2500.0000"))).isEqualTo("2500");
        assertThat(CustomerOverview.decimal(new BigDecimal("0.873100"))).isEqualTo("0.8731");
        assertThat(CustomerOverview.decimal(null)).isNull();
    }
}
