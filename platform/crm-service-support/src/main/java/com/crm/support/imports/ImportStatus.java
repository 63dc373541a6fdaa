package com.crm.support.imports;

/** CREATED → UPLOADED → QUEUED → RUNNING → COMPLETED; CANCELLED or FAILED on the way. */
enum ImportStatus {
    CREATED,
    UPLOADED,
    QUEUED,
    RUNNING,
    COMPLETED,
    CANCELLED,
    FAILED;

    boolean ended() {
        return this == COMPLETED || this == CANCELLED || this == FAILED;
    }
}
