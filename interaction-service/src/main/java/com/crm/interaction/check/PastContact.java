package com.crm.interaction.check;

import com.crm.interaction.contact.Channel;
import com.crm.interaction.contact.Purpose;
import java.time.Instant;

/** An outbound contact already recorded, as the rules count it. */
public record PastContact(Channel channel, Purpose purpose, Instant occurredAt) {}
