package com.crm.customer.risk.model;

/**
 * What a risk signal measures. The {@code SHARED_*} kinds are clusters of profiles sharing one identifier; the last two
 * read loyalty-service's facts (crm.loyalty.v1).
 */
public enum SignalKind {
    REFUND_RATIO,
    REFUND_VELOCITY,
    SHARED_PHONE,
    SHARED_EMAIL,
    SHARED_ADDRESS,
    SHARED_DEVICE,
    PURCHASE_BURST,
    COMPLAINT_REFUNDS,
    /** Refunds of purchases whose points had already been spent (loyalty-service recorded a points debt). */
    POINTS_ABUSE,
    /** A coupon campaign redeemed by this profile and by other profiles sharing an identifier with it. */
    COUPON_ABUSE
}
