package com.crm.customer.overview;

import java.time.Duration;
import java.time.Instant;

/** Where an open complaint stands against its SLA deadline, as of now. */
enum SlaStatus {
    ON_TRACK,
    DUE_SOON,
    BREACHED;

    /** Breached once escalated or past the deadline; due soon within {@code dueSoon} of it; no deadline is on track. */
    static SlaStatus of(boolean escalated, Instant dueAt, Instant now, Duration dueSoon) {
        if (escalated || (dueAt != null && !now.isBefore(dueAt))) {
            return BREACHED;
        }
        if (dueAt != null && now.plus(dueSoon).isAfter(dueAt)) {
            return DUE_SOON;
        }
        return ON_TRACK;
    }
}
