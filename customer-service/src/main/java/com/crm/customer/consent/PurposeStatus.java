package com.crm.customer.consent;

/**
 * GRANTED allows the purpose; DENIED never agreed (or objected from the start); WITHDRAWN agreed once and took it
 * back (an objection, for a basis other than consent); EXPIRED a grant whose expiry passed, set by the service only.
 */
public enum PurposeStatus {
    GRANTED,
    DENIED,
    WITHDRAWN,
    EXPIRED;

    /** How strongly it stops processing, for merges: the most restrictive decision of merged profiles wins. */
    int restrictiveness() {
        return this == GRANTED ? 0 : 1;
    }
}
