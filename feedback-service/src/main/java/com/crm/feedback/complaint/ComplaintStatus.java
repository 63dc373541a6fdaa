package com.crm.feedback.complaint;

import java.util.Set;

/** OPEN → ACKNOWLEDGED → RESOLVED → CLOSED; RESOLVED or CLOSED → OPEN by reopening. */
public enum ComplaintStatus {
    OPEN,
    ACKNOWLEDGED,
    RESOLVED,
    CLOSED;

    boolean canMoveTo(ComplaintStatus next) {
        return switch (next) {
            case OPEN -> this == RESOLVED || this == CLOSED;
            case ACKNOWLEDGED -> this == OPEN;
            case RESOLVED -> this == OPEN || this == ACKNOWLEDGED;
            case CLOSED -> this == RESOLVED;
        };
    }

    static final Set<ComplaintStatus> UNRESOLVED = Set.of(OPEN, ACKNOWLEDGED);
}
