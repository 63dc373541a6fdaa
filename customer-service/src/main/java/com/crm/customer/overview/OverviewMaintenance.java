package com.crm.customer.overview;

import com.crm.customer.profile.CustomerRemoved;
import com.crm.customer.profile.CustomersMerged;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the projections in step with customer-service's own merges and erasures, inside their transactions: a merge
 * moves the merged customers' projected state to the survivor (newest wins where both have one), a customer taken
 * out of the live set (deleted, erased) is forgotten. Events arriving later for them are resolved the same way.
 */
@Component
class OverviewMaintenance {

    private final ProjectionRepository projections;
    private final OverviewProperties properties;

    OverviewMaintenance(ProjectionRepository projections, OverviewProperties properties) {
        this.projections = projections;
        this.properties = properties;
    }

    @EventListener
    void onMerged(CustomersMerged merged) {
        if (!merged.mergedIds().isEmpty()) {
            projections.moveToSurvivor(merged.mergedIds(), merged.survivorId(), properties.timelineSize());
        }
    }

    /** After a merge the merged ids hold nothing any more (moved first), so only deletion and erasure purge here. */
    @EventListener
    void onRemoved(CustomerRemoved removed) {
        projections.purge(removed.customerId());
    }
}
