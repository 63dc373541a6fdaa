package com.crm.interaction.check;

import java.time.Instant;
import java.util.List;

/**
 * May the company contact the customer now? When not, every reason, and the earliest time all of them are lifted
 * ({@code earliestAllowedAt} null when time alone never lifts them, e.g. a missing consent).
 */
public record ContactDecision(boolean allowed, List<ContactReason> reasons, Instant earliestAllowedAt) {

    public static ContactDecision allow() {
        return new ContactDecision(true, List.of(), null);
    }
}
