package com.crm.contracts.events.segmentation;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.EventType;
import com.crm.contracts.Topics;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A prospect (a customer without a purchase yet) moved between priorities: 1 = need and ability, 2 = ability
 * without expressed need, 3 = need without ability, 4 = neither (stop spending effort). {@code from} is null for the
 * first priority; {@code to} is null when the prospect made its first purchase and left the prospect list
 * ({@code converted} true). Scores are decimal strings in 0..1; {@code reasons} explain both scores.
 */
@EventType(value = "crm.prospect.priority-changed", topic = Topics.SEGMENTATION)
public record ProspectPriorityChanged(
        UUID customerId,
        Integer from,
        Integer to,
        String needScore,
        String abilityScore,
        List<String> reasons,
        boolean converted,
        Instant changedAt)
        implements CrmEvent {}
