package com.crm.contracts.events.interaction;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.EventType;
import com.crm.contracts.Topics;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A customer's contact state as interaction-service sees it after a change (a contact recorded, a plan or policy
 * changed, a merge): the last contact per channel, the next due contact of any plan, the preferred channel and what
 * is left in each limited policy window. It lets other services (customer-service's 360 overview) answer "may I
 * contact them" without calling interaction-service; {@code asOf} is when it was computed, so a reader knows that
 * windows may have moved on since.
 */
@EventType(value = "crm.contact.state-changed", topic = Topics.INTERACTION)
public record ContactStateChanged(
        UUID customerId,
        List<LastContact> lastContacts,
        DueContact nextDue,
        String preferredChannel,
        List<PolicyWindow> policyWindows,
        Instant asOf)
        implements CrmEvent {

    /** The latest contact over one channel (either direction). */
    public record LastContact(String channel, String direction, Instant at) {}

    /** The earliest contact a communication plan calls for. */
    public record DueContact(UUID planId, String planName, String channel, Instant dueAt) {}

    /**
     * A policy limiting contacts per rolling window: {@code used} of {@code maxContacts} within {@code window}
     * (ISO-8601 duration); {@code channel}/{@code purpose} null mean all; {@code nextAllowedAt} is when the next
     * contact becomes allowed by this policy when none is left (null when one is left).
     */
    public record PolicyWindow(
            UUID policyId,
            String policyName,
            String channel,
            String purpose,
            int maxContacts,
            String window,
            int used,
            int remaining,
            Instant nextAllowedAt) {}
}
