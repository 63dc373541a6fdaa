package com.crm.interaction.check;

import com.crm.interaction.timeline.Channel;
import com.crm.interaction.timeline.Purpose;
import java.time.Instant;

/** An outbound contact already recorded, as the rules count it. */
public record PastContact(Channel channel, Purpose purpose, Instant occurredAt) {
}
