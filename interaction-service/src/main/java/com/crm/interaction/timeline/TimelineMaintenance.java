package com.crm.interaction.timeline;

import com.crm.interaction.customer.CustomerErasedLocally;
import com.crm.interaction.customer.CustomersMerged;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What customer lifecycle events do to the timeline, in the transaction that applies the event: merges re-key it,
 * erasure purges its personal content.
 */
@Component
class TimelineMaintenance {

    private final InteractionRepository interactions;

    TimelineMaintenance(InteractionRepository interactions) {
        this.interactions = interactions;
    }

    /** First among the merge's listeners: the others (channel preference, contact state) read the re-keyed timeline. */
    @EventListener
    @Order(Ordered.HIGHEST_PRECEDENCE)
    @Transactional(propagation = Propagation.MANDATORY)
    void merged(CustomersMerged merged) {
        interactions.rekey(merged.mergedIds(), merged.survivor());
    }

    /** Erasure: what remains of the customer's interactions (channel, direction, type, time, outcome) is anonymous. */
    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void erased(CustomerErasedLocally erased) {
        interactions.purgePersonalContent(erased.customerId(), erased.erasedAt());
    }
}
