package com.crm.customer.consent;

/** A customer's choice on one subscription type; NOT_SPECIFIED (no choice yet) is answered, never stored. */
public enum SubscriptionStatus {
    SUBSCRIBED,
    UNSUBSCRIBED,
    NOT_SPECIFIED
}
