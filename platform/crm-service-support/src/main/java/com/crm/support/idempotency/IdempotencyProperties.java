package com.crm.support.idempotency;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** @param retention how long an answer is replayed to retries carrying the same Idempotency-Key */
@ConfigurationProperties("crm.idempotency")
public record IdempotencyProperties(Duration retention) {

    public IdempotencyProperties {
        retention = retention == null ? Duration.ofHours(24) : retention;
    }
}
