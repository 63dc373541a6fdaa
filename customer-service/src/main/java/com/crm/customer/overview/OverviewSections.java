package com.crm.customer.overview;

import com.crm.customer.overview.CustomerOverview.ContactSection;
import com.crm.customer.overview.CustomerOverview.LoyaltySection;
import com.crm.customer.overview.CustomerOverview.OpenComplaint;
import com.crm.customer.overview.CustomerOverview.Score;
import com.crm.customer.overview.CustomerOverview.TimelineSection;
import com.crm.customer.overview.CustomerOverview.VoiceSection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Renders a customer's projected sections once per change ({@link OverviewJson}), in the transaction that changed the
 * projections: after every event applied, after a merge for the survivor. A read then only splices them, unless the
 * customer is in the backlog (projections changed without rendering): then it renders them itself.
 */
@Component
class OverviewSections implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(OverviewSections.class);

    private final OverviewRepository overview;
    private final OverviewJson json;
    private final OverviewProperties properties;
    private final TransactionTemplate transactions;

    OverviewSections(
            OverviewRepository overview,
            OverviewJson json,
            OverviewProperties properties,
            TransactionTemplate transactions) {
        this.overview = overview;
        this.json = json;
        this.properties = properties;
        this.transactions = transactions;
    }

    /** Renders again everything projected about the customer; call inside the transaction that changed it. */
    void refresh(UUID customerId) {
        refreshAll(List.of(customerId));
    }

    /**
     * {@link #refresh} for many customers with one statement per step: their rendered rows locked (in id order), their
     * projections read, the renderings stored and those with nothing projected any more forgotten.
     */
    void refreshAll(Collection<UUID> customerIds) {
        if (customerIds.isEmpty()) {
            return;
        }
        overview.lockRendered(customerIds);
        renderWhole(customerIds);
    }

    /**
     * Declares that the current transaction renders ({@link #refreshParts}) every part it writes: its projection
     * writes then put nobody in the backlog. Call before the writes.
     */
    void renderingInThisTransaction() {
        overview.renderingInThisTransaction();
    }

    /**
     * Renders again only {@code parts} of the customers, the parts this transaction wrote (after
     * {@link #renderingInThisTransaction}); a customer in the backlog (some part of it changed by a writer that does not
     * render) is rendered whole instead and taken out of it.
     */
    void refreshParts(Collection<UUID> customerIds, Set<OverviewPart> parts) {
        if (customerIds.isEmpty()) {
            return;
        }
        overview.lockRendered(customerIds);
        Set<UUID> behind = overview.takeBacklog(customerIds);
        if (!behind.isEmpty()) {
            renderWhole(customerIds.stream().filter(behind::contains).toList());
        }
        List<UUID> current =
                customerIds.stream().filter(id -> !behind.contains(id)).toList();
        if (current.isEmpty()) {
            return;
        }
        Map<UUID, OverviewRepository.Projected> projected = overview.findAll(current, properties.timelineSize(), parts);
        Map<UUID, OverviewRepository.Rendered> rendered = new LinkedHashMap<>();
        current.forEach(id -> rendered.put(id, render(projected.get(id))));
        overview.storeRendered(rendered, parts);
    }

    private void renderWhole(Collection<UUID> customerIds) {
        Map<UUID, OverviewRepository.Projected> projected =
                overview.findAll(customerIds, properties.timelineSize(), OverviewPart.ALL);
        Map<UUID, OverviewRepository.Rendered> rendered = new LinkedHashMap<>();
        List<UUID> nothing = new ArrayList<>();
        for (UUID id : customerIds) {
            OverviewRepository.Rendered r = render(projected.get(id));
            if (r.nothing()) {
                // nothing projected (any more): no row, which reads the same (every section unknown)
                nothing.add(id);
            } else {
                rendered.put(id, r);
            }
        }
        if (!nothing.isEmpty()) {
            overview.forgetRendered(nothing);
        }
        overview.storeRendered(rendered, OverviewPart.ALL);
    }

    /** Everything projected about the customer, rendered (read only). */
    OverviewRepository.Rendered render(UUID customerId) {
        return render(overview.find(customerId, properties.timelineSize()));
    }

    private OverviewRepository.Rendered render(OverviewRepository.Projected p) {
        List<OverviewRepository.RenderedComplaint> complaints = p.openComplaints().stream()
                .map(c -> new OverviewRepository.RenderedComplaint(
                        json.complaint(new OpenComplaint(
                                c.complaintId(),
                                c.category(),
                                c.severity(),
                                c.channel(),
                                c.openedAt(),
                                c.dueAt(),
                                null)),
                        c.breached(),
                        c.dueAt()))
                .toList();
        return new OverviewRepository.Rendered(
                p.value() == null ? null : json.value(p.value()),
                contact(p.contact()),
                voice(p),
                complaints,
                timeline(p),
                loyalty(p.loyalty()));
    }

    /** The merged-away or removed customers' renderings (their projections went to the survivor or away). */
    void forget(Collection<UUID> customerIds) {
        overview.forgetRendered(customerIds);
    }

    /**
     * Renders the backlog (projections from before the rendering existed, or changed by an instance that does not
     * render), before the service takes requests or events: so no event's rendering runs at the same time.
     */
    @Override
    public void afterSingletonsInstantiated() {
        List<UUID> backlog = overview.backlog();
        if (!backlog.isEmpty()) {
            log.info(
                    "Rendering the overview sections of {} customers whose projections changed unrendered",
                    backlog.size());
            backlog.forEach(id -> transactions.executeWithoutResult(status -> refresh(id)));
        }
    }

    private String contact(OverviewRepository.Contact c) {
        return c == null
                ? null
                : json.contact(new ContactSection(
                        CustomerOverview.KNOWN,
                        OverviewRepository.latest(c.stateAsOf(), c.preferenceAsOf()),
                        c.lastContacts(),
                        c.nextDue(),
                        c.preferredChannel(),
                        c.policyWindows(),
                        null));
    }

    private String voice(OverviewRepository.Projected p) {
        var scoresAt = p.scores().stream()
                .map(OverviewRepository.ScoreRow::at)
                .reduce(OverviewRepository::latest)
                .orElse(null);
        var asOf = OverviewRepository.latest(scoresAt, p.complaintsAt());
        return asOf == null
                ? null
                : json.voice(new VoiceSection(
                        CustomerOverview.KNOWN, asOf, score(p, "NPS"), score(p, "CSAT"), score(p, "CES"), List.of()));
    }

    private static Score score(OverviewRepository.Projected p, String kind) {
        return p.scores().stream()
                .filter(s -> s.kind().equals(kind))
                .findFirst()
                .map(s -> new Score(s.score(), s.category(), s.at()))
                .orElse(null);
    }

    private String loyalty(OverviewRepository.Loyalty l) {
        return l == null
                ? null
                : json.loyalty(new LoyaltySection(
                        CustomerOverview.KNOWN,
                        OverviewRepository.latest(l.balanceAt(), l.levelAt()),
                        l.balance(),
                        l.level(),
                        l.levelSince()));
    }

    private String timeline(OverviewRepository.Projected p) {
        return p.timeline().isEmpty()
                ? null
                : json.timeline(new TimelineSection(
                        CustomerOverview.KNOWN, p.timeline().getFirst().occurredAt(), p.timeline()));
    }
}
