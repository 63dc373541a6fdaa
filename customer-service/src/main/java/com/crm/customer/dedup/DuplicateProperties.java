package com.crm.customer.dedup;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param threshold  score from which a pair is recorded as a candidate (0..1)
 * @param maxLookups most lookalikes scored per customer
 * @param batchSize  queued customers detected per background transaction
 */
@ConfigurationProperties("crm.dedup")
record DuplicateProperties(Double threshold, Integer maxLookups, Integer batchSize) {

    DuplicateProperties {
        threshold = threshold == null ? 0.5 : threshold;
        maxLookups = maxLookups == null ? 50 : maxLookups;
        batchSize = batchSize == null ? 200 : batchSize;
    }
}
