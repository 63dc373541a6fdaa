package com.crm.interaction.check;

import java.time.ZoneId;
import java.util.Map;

/**
 * What the rules need to know about the customer: whether interaction-service has heard of them, their status
 * ({@code ACTIVE}, {@code DELETED}, {@code ERASED}), consent status per channel, time zone, decisions on processing
 * purposes (keyed {@code PURPOSE/CHANNEL}, channel {@code ALL} or one channel) and subscription choices by type.
 */
public record CustomerContactState(
        boolean known,
        String status,
        Map<String, String> consents,
        ZoneId zone,
        Map<String, String> purposes,
        Map<String, String> subscriptions) {

    /** A customer without purpose decisions or subscription choices. */
    public CustomerContactState(boolean known, String status, Map<String, String> consents, ZoneId zone) {
        this(known, status, consents, zone, Map.of(), Map.of());
    }

    public boolean contactable() {
        return !known || "ACTIVE".equals(status);
    }

    /**
     * The customer's decision on the consent purpose a contact of this purpose needs, for the channel: the channel's
     * own record, else the one for all channels; null when none is recorded.
     */
    String purposeDecision(String consentPurpose, String channel) {
        String own = purposes.get(consentPurpose + "/" + channel);
        return own != null ? own : purposes.get(consentPurpose + "/ALL");
    }
}
