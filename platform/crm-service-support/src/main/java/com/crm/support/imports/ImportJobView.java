package com.crm.support.imports;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** An import job as clients see it. */
record ImportJobView(
        UUID id,
        String object,
        ImportFormat format,
        Map<String, String> mapping,
        ImportStatus status,
        int chunkSize,

        @Schema(description = "SHA-256 of the uploaded file, hex")
        String contentHash,

        Long sizeBytes,

        @Schema(description = "Rows in the file (header excluded)")
        Integer totalRows,

        @Schema(description = "Rows applied so far") int processedRows,
        ImportJob.Counts counts,
        String error,
        Instant createdAt,
        Instant uploadedAt,
        Instant startedAt,
        Instant finishedAt) {

    static ImportJobView of(ImportJob j) {
        return new ImportJobView(
                j.id(),
                j.object(),
                j.format(),
                j.mapping(),
                j.status(),
                j.chunkSize(),
                j.contentHash(),
                j.sizeBytes(),
                j.totalRows(),
                j.counts().processed(),
                j.counts(),
                j.error(),
                j.createdAt(),
                j.uploadedAt(),
                j.startedAt(),
                j.finishedAt());
    }
}
