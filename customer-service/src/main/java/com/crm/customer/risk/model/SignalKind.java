package com.crm.customer.risk.model;

/** What a risk signal measures. The {@code SHARED_*} kinds are clusters of profiles sharing one identifier. */
public enum SignalKind {
    REFUND_RATIO,
    REFUND_VELOCITY,
    SHARED_PHONE,
    SHARED_EMAIL,
    SHARED_ADDRESS,
    SHARED_DEVICE,
    PURCHASE_BURST,
    COMPLAINT_REFUNDS
}
