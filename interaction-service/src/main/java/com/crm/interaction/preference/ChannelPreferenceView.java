package com.crm.interaction.preference;

import com.crm.interaction.contact.Channel;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A customer's channel preference from the last year's history; {@code preferredChannel} null without any signal. */
public record ChannelPreferenceView(
        UUID customerId, Channel preferredChannel, List<ChannelStats> ranking, Instant computedAt) {}
