package com.crm.customer.overview;

import com.crm.customer.overview.CustomerOverview.ContactSection;
import com.crm.customer.overview.CustomerOverview.OpenComplaint;
import com.crm.customer.overview.CustomerOverview.ProfileSection;
import com.crm.customer.overview.CustomerOverview.Score;
import com.crm.customer.overview.CustomerOverview.TimelineSection;
import com.crm.customer.overview.CustomerOverview.ValueSection;
import com.crm.customer.overview.CustomerOverview.VoiceSection;
import com.crm.customer.profile.CustomerService;
import com.crm.customer.profile.CustomerView;
import com.crm.customer.profile.Email;
import com.crm.customer.profile.Phone;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Assembles the 360 overview from the profile and the projections: two indexed reads in one read-only transaction,
 * never a call to another service.
 */
@Service
class OverviewService {

    private final CustomerService customers;
    private final OverviewRepository overview;
    private final OverviewProperties properties;
    private final Clock clock;

    OverviewService(CustomerService customers, OverviewRepository overview, OverviewProperties properties,
                    Clock clock) {
        this.customers = customers;
        this.overview = overview;
        this.properties = properties;
        this.clock = clock;
    }

    /** The overview of the customer (of the survivor for a merged id); 404 unknown, 410 deleted or erased. */
    @Transactional(readOnly = true)
    public CustomerOverview overview(UUID id) {
        CustomerView customer = customers.get(id);
        OverviewRepository.Projected projected = overview.find(customer.id(), properties.timelineSize());
        Instant now = clock.instant();
        return new CustomerOverview(customer.id(), profile(customer),
                projected.value() == null ? ValueSection.unknown() : projected.value(),
                contact(customer, projected.contact()), voice(projected, now), timeline(projected));
    }

    private static ProfileSection profile(CustomerView c) {
        String email = c.emails().stream().filter(Email::primary).findFirst()
                .or(() -> c.emails().stream().findFirst()).map(Email::address).orElse(null);
        String phone = c.phones().stream().filter(Phone::primary).findFirst()
                .or(() -> c.phones().stream().findFirst()).map(Phone::number).orElse(null);
        return new ProfileSection(CustomerOverview.KNOWN, c.updatedAt(), c.type().name(), c.displayName(), c.company(),
                email, phone, c.region(), c.timeZone(), c.ownerId(), c.tags(), c.createdAt(), c.version());
    }

    private static ContactSection contact(CustomerView c, OverviewRepository.Contact projected) {
        if (projected == null) {
            return new ContactSection(CustomerOverview.UNKNOWN, null, List.of(), null, null, List.of(), c.consents());
        }
        return new ContactSection(CustomerOverview.KNOWN,
                OverviewRepository.latest(projected.stateAsOf(), projected.preferenceAsOf()),
                projected.lastContacts(), projected.nextDue(), projected.preferredChannel(), projected.policyWindows(),
                c.consents());
    }

    private VoiceSection voice(OverviewRepository.Projected p, Instant now) {
        Instant scoresAt = p.scores().stream().map(OverviewRepository.ScoreRow::at).reduce(OverviewRepository::latest)
                .orElse(null);
        Instant asOf = OverviewRepository.latest(scoresAt, p.complaintsAt());
        if (asOf == null) {
            return new VoiceSection(CustomerOverview.UNKNOWN, null, null, null, null, List.of());
        }
        List<OpenComplaint> open = p.openComplaints().stream().map(c -> new OpenComplaint(c.complaintId(),
                c.category(), c.severity(), c.channel(), c.openedAt(), c.dueAt(), slaStatus(c, now))).toList();
        return new VoiceSection(CustomerOverview.KNOWN, asOf, score(p, "NPS"), score(p, "CSAT"), score(p, "CES"), open);
    }

    private String slaStatus(OverviewRepository.ComplaintRow c, Instant now) {
        return SlaStatus.of(c.breached(), c.dueAt(), now, properties.dueSoon()).name();
    }

    private static Score score(OverviewRepository.Projected p, String kind) {
        return p.scores().stream().filter(s -> s.kind().equals(kind)).findFirst()
                .map(s -> new Score(s.score(), s.category(), s.at())).orElse(null);
    }

    private static TimelineSection timeline(OverviewRepository.Projected p) {
        if (p.timeline().isEmpty()) {
            return new TimelineSection(CustomerOverview.UNKNOWN, null, List.of());
        }
        return new TimelineSection(CustomerOverview.KNOWN, p.timeline().getFirst().occurredAt(), p.timeline());
    }
}
