package com.crm.support.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param pollInterval how often pending events are looked for (also the retry pace while Kafka is down)
 * @param batchSize    events sent per round
 * @param sendTimeout  how long a round waits for the broker's acknowledgements
 * @param retention    how long published events are kept (for inspection) before they are purged
 * @param lanes        how many parts of the outbox (by event key) are relayed in parallel, 1 to 64
 */
@ConfigurationProperties("crm.outbox")
public record OutboxProperties(
        Duration pollInterval, int batchSize, Duration sendTimeout, Duration retention, int lanes) {

    public OutboxProperties {
        pollInterval = pollInterval == null ? Duration.ofMillis(200) : pollInterval;
        batchSize = batchSize <= 0 ? 500 : batchSize;
        sendTimeout = sendTimeout == null ? Duration.ofSeconds(15) : sendTimeout;
        retention = retention == null ? Duration.ofDays(7) : retention;
        lanes = lanes <= 0 ? 4 : lanes;
        if (lanes > OutboxRelay.BUCKETS) {
            throw new IllegalArgumentException(
                    "crm.outbox.lanes is at most " + OutboxRelay.BUCKETS + " (the key buckets), not " + lanes);
        }
    }
}
