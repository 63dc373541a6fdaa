package com.crm.interaction.timeline;

import com.crm.interaction.contact.Purpose;

/** What the contact was about. */
public enum InteractionType {
    INQUIRY,
    CONSULTATION,
    SALES_CALL,
    SERVICE,
    COMPLAINT,
    CAMPAIGN,
    FOLLOW_UP,
    SURVEY,
    OTHER;

    /** The purpose a contact of this type serves when the caller names none. */
    public Purpose defaultPurpose() {
        return switch (this) {
            case CAMPAIGN -> Purpose.MARKETING;
            case SALES_CALL -> Purpose.SALES;
            default -> Purpose.SERVICE;
        };
    }
}
