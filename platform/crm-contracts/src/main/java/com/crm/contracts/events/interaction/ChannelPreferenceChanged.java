package com.crm.contracts.events.interaction;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.EventType;
import com.crm.contracts.Topics;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The customer's preferred channels, best first, as worked out from their interaction history. */
@EventType(value = "crm.interaction.channel-preference-changed", topic = Topics.INTERACTION)
public record ChannelPreferenceChanged(
        UUID customerId, String preferredChannel, String previousChannel, List<String> ranking, Instant computedAt)
        implements CrmEvent {}
