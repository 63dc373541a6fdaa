package com.crm.interaction.timeline;

import com.crm.contracts.events.ActorRef;
import com.crm.contracts.events.interaction.InteractionRecorded;
import com.crm.support.outbox.EventOutbox;
import org.springframework.stereotype.Component;

/** Maps recorded interactions to the contract's event and appends it to the outbox. */
@Component
class InteractionEvents {

    private final EventOutbox outbox;

    InteractionEvents(EventOutbox outbox) {
        this.outbox = outbox;
    }

    void recorded(Interaction i) {
        outbox.append(new InteractionRecorded(
                i.customerId(),
                i.id(),
                i.channel().name(),
                i.direction().name(),
                i.type().name(),
                i.purpose().name(),
                i.outcome() == null ? null : i.outcome().name(),
                i.occurredAt(),
                i.durationSeconds(),
                i.agentId(),
                i.campaignId(),
                i.purchaseIntent(),
                i.source(),
                i.externalId(),
                i.override() != null,
                i.recordedBy() == null ? null : new ActorRef(i.recordedByKind(), i.recordedBy())));
    }
}
