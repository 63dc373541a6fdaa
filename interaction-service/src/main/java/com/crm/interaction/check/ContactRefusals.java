package com.crm.interaction.check;

import com.crm.contracts.events.interaction.ContactRefused;
import com.crm.interaction.contact.Channel;
import com.crm.interaction.contact.Purpose;
import com.crm.support.outbox.EventOutbox;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Makes a refused attempt to record an outbound contact durable as {@code crm.contact.refused}. The caller's
 * transaction must commit even though the contact is not recorded (it writes nothing else), so the refusal is
 * published exactly when the API answers 422; a contact check only asks and never comes here.
 */
@Component
public class ContactRefusals {

    private final EventOutbox outbox;

    ContactRefusals(EventOutbox outbox) {
        this.outbox = outbox;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void attempted(
            UUID customerId, Channel channel, Purpose purpose, ContactDecision decision, String agentId, Instant at) {
        outbox.append(new ContactRefused(
                customerId,
                channel.name(),
                purpose.name(),
                decision.reasons().stream().map(ContactReason::rule).distinct().toList(),
                agentId,
                at));
    }
}
