package com.crm.support.idempotency;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param retention       how long an answer is replayed to retries carrying the same Idempotency-Key
 * @param inProgressLease how long a first request holds its key without an answer; a retry of the same request
 *                        after that takes the key over (the first one's instance died mid-request). Keep it above
 *                        the slowest request (the gateway gives up after 10 s)
 */
@ConfigurationProperties("crm.idempotency")
public record IdempotencyProperties(Duration retention, Duration inProgressLease) {

    public IdempotencyProperties {
        retention = retention == null ? Duration.ofHours(24) : retention;
        inProgressLease = inProgressLease == null ? Duration.ofSeconds(30) : inProgressLease;
    }
}
