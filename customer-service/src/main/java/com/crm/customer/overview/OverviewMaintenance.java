package com.crm.customer.overview;

import com.crm.customer.profile.CustomerRemoved;
import com.crm.customer.profile.CustomersMerged;
import java.util.List;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the projections in step with customer-service's own merges and erasures, inside their transactions: a merge
 * moves the merged customers' projected state to the survivor (newest wins where both have one), a customer taken
 * out of the live set (deleted, erased) is forgotten. Events arriving later for them are resolved the same way. The
 * rendered sections follow: the survivor's are rendered again, the others' forgotten.
 */
@Component
class OverviewMaintenance {

    private final ProjectionRepository projections;
    private final OverviewSections sections;
    private final OverviewProperties properties;

    OverviewMaintenance(ProjectionRepository projections, OverviewSections sections, OverviewProperties properties) {
        this.projections = projections;
        this.sections = sections;
        this.properties = properties;
    }

    @EventListener
    void onMerged(CustomersMerged merged) {
        if (!merged.mergedIds().isEmpty()) {
            projections.moveToSurvivor(merged.mergedIds(), merged.survivorId(), properties.timelineSize());
            sections.forget(merged.mergedIds());
            sections.refresh(merged.survivorId());
        }
    }

    /** After a merge the merged ids hold nothing any more (moved first), so only deletion and erasure purge here. */
    @EventListener
    void onRemoved(CustomerRemoved removed) {
        projections.purge(removed.customerId());
        sections.forget(List.of(removed.customerId()));
    }
}
