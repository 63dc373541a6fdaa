package com.crm.interaction.check;

import java.time.ZoneId;
import java.util.Map;

/**
 * What the rules need to know about the customer: whether interaction-service has heard of them, their status
 * ({@code ACTIVE}, {@code DELETED}, {@code ERASED}), consent status per channel and time zone.
 */
public record CustomerContactState(boolean known, String status, Map<String, String> consents, ZoneId zone) {

    public boolean contactable() {
        return !known || "ACTIVE".equals(status);
    }
}
