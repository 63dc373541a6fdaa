package com.crm.webhook.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;

/**
 * When a failed delivery is tried again: exponential back-off with full jitter (a uniformly random delay between
 * zero and {@code min(maxDelay, baseDelay * 2^(attempt-1))}, so receivers coming back up are not hit by every
 * sender at once), within a retry horizon. The last retry is at the horizon itself, so a delivery is retried for at
 * least the whole horizon; a failure at or after it parks the delivery as a dead letter.
 */
public record Backoff(Duration baseDelay, Duration maxDelay, Duration horizon) {

    /**
     * @param attempts   attempts made so far, the failed one included (1 after the first failure)
     * @param retryFrom  start of the horizon
     * @param now        time of the failure
     * @param random     uniform in [0, 1)
     * @return when to try again, or null when the delivery is dead
     */
    public Instant next(int attempts, Instant retryFrom, Instant now, DoubleSupplier random) {
        Instant deadline = retryFrom.plus(horizon);
        if (!now.isBefore(deadline)) {
            return null;
        }
        long cap = maxDelay.toMillis();
        long exponential = baseDelay.toMillis() << Math.min(Math.max(attempts - 1, 0), 30);
        long ceiling = exponential <= 0 ? cap : Math.min(cap, exponential);
        Instant next = now.plusMillis((long) (random.getAsDouble() * ceiling));
        return next.isAfter(deadline) ? deadline : next;
    }
}
