package com.crm.interaction.contact;

/** How the company and the customer were in touch. */
public enum Channel {
    PHONE,
    EMAIL,
    SMS,
    WECHAT,
    INSTANT_MESSAGE,
    SOCIAL,
    VIDEO,
    VISIT,
    WEB_CHAT;

    /** Channels customer-service records a consent for; the others have no consent notion. */
    public boolean hasConsent() {
        return this == PHONE || this == EMAIL || this == SMS || this == WECHAT;
    }
}
