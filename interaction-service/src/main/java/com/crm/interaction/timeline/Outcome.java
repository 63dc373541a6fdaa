package com.crm.interaction.timeline;

/** How the contact ended. */
public enum Outcome {
    REACHED,
    NO_ANSWER,
    BUSY,
    VOICEMAIL,
    DELIVERED,
    BOUNCED,
    INTERESTED,
    NOT_INTERESTED,
    PURCHASE_INTENT,
    RESOLVED,
    UNRESOLVED,
    CALLBACK_REQUESTED,
    OTHER;

    /** Whether the customer was actually reached (for the outbound reach rate per channel). */
    public boolean reached() {
        return switch (this) {
            case NO_ANSWER, BUSY, VOICEMAIL, BOUNCED -> false;
            default -> true;
        };
    }
}
