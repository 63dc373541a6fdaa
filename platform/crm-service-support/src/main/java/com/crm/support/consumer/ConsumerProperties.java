package com.crm.support.consumer;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Retries of a failing event before it is parked on {@code <topic>.dlt}: {@code maxRetries} attempts after the first,
 * exponential back-off from {@code initialInterval} by {@code multiplier} up to {@code maxInterval}; and the listener
 * {@code concurrency}; processed event ids are kept for {@code retention} (longer than any redelivery can come late:
 * the topic's own retention) and then purged. A batch listener takes at most {@code maxBatchSize} records a poll,
 * applied in one transaction.
 */
@ConfigurationProperties("crm.consumer")
public record ConsumerProperties(
        Integer maxRetries,
        Duration initialInterval,
        Double multiplier,
        Duration maxInterval,
        Integer concurrency,
        Duration retention,
        Integer maxBatchSize) {

    public ConsumerProperties {
        maxRetries = maxRetries == null ? 4 : maxRetries;
        initialInterval = initialInterval == null ? Duration.ofMillis(200) : initialInterval;
        multiplier = multiplier == null ? 2.0 : multiplier;
        maxInterval = maxInterval == null ? Duration.ofSeconds(5) : maxInterval;
        concurrency = concurrency == null ? 1 : concurrency;
        retention = retention == null ? Duration.ofDays(30) : retention;
        maxBatchSize = maxBatchSize == null ? 500 : maxBatchSize;
    }
}
