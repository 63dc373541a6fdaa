package com.crm.customer.imports;

/** What became of one row: the batch API's statuses. */
enum ImportOutcome {
    CREATED,
    UPDATED,
    UNCHANGED,
    REJECTED
}
