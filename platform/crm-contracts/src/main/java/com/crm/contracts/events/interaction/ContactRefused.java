package com.crm.contracts.events.interaction;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.EventType;
import com.crm.contracts.Topics;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An attempt to record an outbound contact was refused by the contact policies (the API answered 422). A contact
 * check that only asks is not an attempt and emits nothing. {@code reasons} are the refusal codes (e.g.
 * {@code max-contacts}, {@code quiet-hours}, {@code consent}); KPI watch counts these per day.
 */
@EventType(value = "crm.contact.refused", topic = Topics.INTERACTION)
public record ContactRefused(
        UUID customerId, String channel, String purpose, List<String> reasons, String agentId, Instant refusedAt)
        implements CrmEvent {}
