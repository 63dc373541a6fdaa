package com.crm.customer.overview;

import com.crm.customer.profile.CustomerAccess;
import com.crm.customer.profile.CustomerService;
import com.crm.support.access.SqlCondition;
import com.crm.support.problem.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Assembles the 360 overview from the profile and the sections rendered when the projections changed
 * ({@link OverviewSections}): one indexed read, never a call to another service. Only what depends on the time of the
 * read (the SLA status of open complaints) is worked out here.
 */
@Service
class OverviewService {

    /** The overview of {@code customerId} (the survivor's id for a merged one) as JSON. */
    record RenderedOverview(UUID customerId, byte[] json) {}

    private final CustomerService customers;
    private final CustomerAccess access;
    private final OverviewRepository overview;
    private final OverviewSections sections;
    private final OverviewJson json;
    private final OverviewProperties properties;
    private final Clock clock;

    OverviewService(
            CustomerService customers,
            CustomerAccess access,
            OverviewRepository overview,
            OverviewSections sections,
            OverviewJson json,
            OverviewProperties properties,
            Clock clock) {
        this.customers = customers;
        this.access = access;
        this.overview = overview;
        this.sections = sections;
        this.json = json;
        this.properties = properties;
        this.clock = clock;
    }

    /** The overview of the customer (of the survivor for a merged id); 404 unknown, 410 deleted or erased. */
    @Transactional(readOnly = true)
    public RenderedOverview overview(UUID id) {
        // the common case, a live customer, in one statement; anything else is answered as the profile's GET answers
        // outside the caller's visibility: no row, and the profile's lookup answers 404 as for an unknown id
        SqlCondition visible = access.condition("k.owner_id", "k.team_id");
        OverviewRepository.Stored stored = overview.stored(id, visible)
                .or(() -> overview.stored(customers.get(id).id(), visible))
                .orElseThrow(() -> ApiException.gone("Customer", id));
        // behind: changed by an instance that does not render yet (a rolling update); rare, so rendered here unstored
        OverviewRepository.Rendered r = stored.behind() ? sections.render(stored.customerId()) : stored.sections();
        Instant now = clock.instant();
        List<String> complaints = new ArrayList<>(r.openComplaints().size());
        List<SlaStatus> slaStatus = new ArrayList<>(r.openComplaints().size());
        for (OverviewRepository.RenderedComplaint c : r.openComplaints()) {
            complaints.add(c.json());
            slaStatus.add(SlaStatus.of(c.breached(), c.dueAt(), now, properties.dueSoon()));
        }
        return new RenderedOverview(
                stored.customerId(),
                json.body(
                        stored.customerId(),
                        stored.profile(),
                        r.value(),
                        r.contact(),
                        stored.consents(),
                        r.voice(),
                        complaints,
                        slaStatus,
                        r.timeline(),
                        r.loyalty()));
    }
}
