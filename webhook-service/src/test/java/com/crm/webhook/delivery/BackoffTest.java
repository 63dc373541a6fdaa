package com.crm.webhook.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Instant START = Instant.parse("2026-11-25T00:00:00Z");
    private final Backoff backoff = new Backoff(Duration.ofSeconds(10), Duration.ofHours(1), Duration.ofHours(24));

    @Test
    void theCeilingDoublesPerAttemptUpToTheMaximumDelay() {
        Instant now = START.plusSeconds(60);
        assertThat(backoff.next(1, START, now, () -> 1 - 1e-9)).isBetween(now.plusMillis(9_999), now.plusSeconds(10));
        assertThat(backoff.next(2, START, now, () -> 1 - 1e-9)).isBetween(now.plusMillis(19_999), now.plusSeconds(20));
        assertThat(backoff.next(4, START, now, () -> 1 - 1e-9)).isBetween(now.plusMillis(79_999), now.plusSeconds(80));
        assertThat(backoff.next(40, START, now, () -> 1 - 1e-9))
                .isBetween(now.plusMillis(3_599_999), now.plusSeconds(3_600));
    }

    @Test
    void fullJitterSpreadsTheDelayFromZeroToTheCeiling() {
        Instant now = START.plusSeconds(60);
        assertThat(backoff.next(3, START, now, () -> 0.0)).isEqualTo(now);
        assertThat(backoff.next(3, START, now, () -> 0.5)).isEqualTo(now.plusSeconds(20));
    }

    @Test
    void retriesForTheWholeHorizonThenTheDeliveryIsDead() {
        Instant nearTheEnd = START.plus(Duration.ofHours(24)).minusSeconds(5);
        assertThat(backoff.next(30, START, nearTheEnd, () -> 0.9)).isEqualTo(START.plus(Duration.ofHours(24)));
        assertThat(backoff.next(31, START, START.plus(Duration.ofHours(24)), () -> 0.9))
                .isNull();
    }

    @Test
    void retryingWithTheDefaultsTakesAtLeastTheHorizonAndAFewDozenAttempts() {
        Instant now = START;
        int attempts = 0;
        Instant next = START;
        while (next != null) {
            now = next;
            attempts++;
            next = backoff.next(attempts, START, now, () -> 0.5);
        }
        assertThat(now).isAfterOrEqualTo(START.plus(Duration.ofHours(24)));
        assertThat(attempts).isBetween(40, 60);
    }
}
