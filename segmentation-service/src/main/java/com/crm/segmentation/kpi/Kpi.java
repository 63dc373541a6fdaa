package com.crm.segmentation.kpi;

import java.util.Arrays;
import java.util.Optional;

/**
 * The daily KPIs, each computed from this service's own projections. {@code count} KPIs are whole numbers of
 * events (a day without any is 0, and their band is at least ± {@code min-count-width}); the others have no value
 * on a day without data (no purchase: no repeat-purchase rate; no NPS answer: no NPS).
 */
public enum Kpi {
    NEW_CUSTOMERS("new_customers", true, "customers registered that day (customer_profile.created_at)"),
    ACTIVE_CUSTOMERS("active_customers", true, "customers with a purchase in the active window ending that day"),
    CHURNED("churned", true, "lifecycle moves to CHURNED that day"),
    REVENUE("revenue", false, "purchases minus refunds that day (ledger amounts, any currency summed)"),
    REPEAT_PURCHASE_RATE(
            "repeat_purchase_rate", false, "share of that day's buyers who had bought on an earlier day (0..1)"),
    NPS("nps", false, "NPS of the answers received that day: % promoters − % detractors"),
    COMPLAINTS_OPENED("complaints_opened", true, "complaints opened that day (crm.complaint.opened)"),
    SLA_BREACHES("sla_breaches", true, "complaint SLA breaches that day (crm.complaint.sla-breached)"),
    CONTACTS_REFUSED("contacts_refused", true, "contacts refused by the contact policies (crm.contact.refused)"),
    POINTS_LIABILITY(
            "points_liability",
            false,
            "loyalty points outstanding at the end of that day: every point earned and not yet redeemed, expired or "
                    + "reversed (crm.loyalty.v1)"),
    REDEMPTION_RATE(
            "redemption_rate",
            false,
            "loyalty points redeemed that day per point earned that day (crm.loyalty.v1); none on a day without "
                    + "points earned");

    private final String id;
    private final boolean count;
    private final String description;

    Kpi(String id, boolean count, String description) {
        this.id = id;
        this.count = count;
        this.description = description;
    }

    public String id() {
        return id;
    }

    public boolean count() {
        return count;
    }

    public String description() {
        return description;
    }

    public static Optional<Kpi> of(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
    }
}
