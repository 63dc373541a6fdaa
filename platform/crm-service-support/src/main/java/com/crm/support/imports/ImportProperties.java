package com.crm.support.imports;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * @param chunkSize    rows applied per transaction when the job does not say (100 to 5,000)
 * @param lease        how long a runner holds a job without committing a chunk before another may take it over
 * @param pollInterval how often runners look for queued jobs
 * @param maxBytes     largest file accepted
 * @param maxRows      most rows a file may hold
 * @param path         where the service serves its jobs ({@code /api/imports} unless it says otherwise)
 */
@ConfigurationProperties("crm.imports")
record ImportProperties(
        int chunkSize, Duration lease, Duration pollInterval, DataSize maxBytes, int maxRows, String path) {

    ImportProperties {
        chunkSize = chunkSize <= 0 ? 2000 : chunkSize;
        lease = lease == null ? Duration.ofMinutes(2) : lease;
        pollInterval = pollInterval == null ? Duration.ofMillis(500) : pollInterval;
        maxBytes = maxBytes == null ? DataSize.ofGigabytes(1) : maxBytes;
        maxRows = maxRows <= 0 ? 5_000_000 : maxRows;
        path = path == null || path.isBlank() ? "/api/imports" : path;
    }
}
