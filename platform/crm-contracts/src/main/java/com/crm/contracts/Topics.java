package com.crm.contracts;

/** Kafka topics, one per owning context ({@code crm.<context>.v<major>}); the key is always the customer id. */
public final class Topics {

    public static final String CUSTOMER = "crm.customer.v1";
    public static final String PURCHASE = "crm.purchase.v1";
    public static final String INTERACTION = "crm.interaction.v1";
    public static final String SEGMENTATION = "crm.segmentation.v1";
    public static final String FEEDBACK = "crm.feedback.v1";
    public static final String LOYALTY = "crm.loyalty.v1";
    /**
     * The audit trail of sensitive actions ({@code crm.audit.recorded}); keyed by the customer when the action is
     * about one, else by the event id. Only customer-service (the audit log) consumes it.
     */
    public static final String AUDIT = "crm.audit.v1";

    /** Partitions a topic gets when a service creates it: enough to spread consumers. */
    public static final int DEFAULT_PARTITIONS = 6;

    private Topics() {}

    /** The dead-letter topic where consumers park messages they cannot process. */
    public static String deadLetter(String topic) {
        return topic + ".dlt";
    }
}
