package com.crm.interaction.timeline;

import com.crm.interaction.contact.Channel;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Filters of a timeline or interaction list; null or empty means "any". {@code to} is exclusive. */
public record InteractionFilter(
        UUID customerId,
        List<Channel> channels,
        List<InteractionType> types,
        Direction direction,
        String agentId,
        Boolean purchaseIntent,
        Instant from,
        Instant to) {}
