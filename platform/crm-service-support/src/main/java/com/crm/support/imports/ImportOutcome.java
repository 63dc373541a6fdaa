package com.crm.support.imports;

/** What became of one row: the batch API's statuses. */
public enum ImportOutcome {
    CREATED,
    UPDATED,
    UNCHANGED,
    REJECTED
}
