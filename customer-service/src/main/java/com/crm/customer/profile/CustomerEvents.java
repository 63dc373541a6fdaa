package com.crm.customer.profile;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.events.ActorRef;
import com.crm.contracts.events.customer.CustomerConsentChanged;
import com.crm.contracts.events.customer.CustomerDeleted;
import com.crm.contracts.events.customer.CustomerErased;
import com.crm.contracts.events.customer.CustomerMerged;
import com.crm.contracts.events.customer.CustomerRegistered;
import com.crm.contracts.events.customer.CustomerSnapshot;
import com.crm.contracts.events.customer.CustomerUpdated;
import com.crm.customer.property.CustomProperties;
import com.crm.support.audit.AuditTrail;
import com.crm.support.outbox.EventOutbox;
import com.crm.support.security.CrmActor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/** Maps customer state changes to the contract's event records and appends them to the outbox. */
@Component
class CustomerEvents {

    private final EventOutbox outbox;
    private final ApplicationEventPublisher internal;
    private final AuditTrail audit;
    private final CustomProperties customProperties;

    CustomerEvents(
            EventOutbox outbox,
            ApplicationEventPublisher internal,
            AuditTrail audit,
            CustomProperties customProperties) {
        this.outbox = outbox;
        this.internal = internal;
        this.audit = audit;
        this.customProperties = customProperties;
    }

    void registered(Customer c) {
        outbox.append(new CustomerRegistered(c.id(), snapshot(c)));
        consentsMoved(null, c);
        internal.publishEvent(new CustomerSaved(CustomerView.of(c)));
    }

    /** Many new customers' events with one batched outbox write (the set-based create path). */
    void registeredAll(List<Customer> created) {
        if (created.isEmpty()) {
            return;
        }
        List<CrmEvent> events = new ArrayList<>();
        for (Customer c : created) {
            events.add(new CustomerRegistered(c.id(), snapshot(c)));
            consentsMoved(null, c, events);
        }
        outbox.appendAll(events);
        internal.publishEvent(
                new CustomersSaved(created.stream().map(CustomerView::of).toList()));
    }

    void updated(Customer before, Customer after, List<String> changedFields) {
        outbox.append(new CustomerUpdated(after.id(), changedFields, snapshot(after)));
        consentsMoved(before, after);
        internal.publishEvent(new CustomerSaved(CustomerView.of(after)));
    }

    void merged(Customer before, Customer survivor, List<UUID> mergedIds, Instant at) {
        outbox.append(new CustomerMerged(survivor.id(), mergedIds, at, snapshot(survivor), actor()));
        audit.record(
                "customer.merged",
                "customer",
                survivor.id(),
                survivor.id(),
                Map.of(
                        "mergedIds",
                        String.join(",", mergedIds.stream().map(UUID::toString).toList())));
        consentsMoved(before, survivor);
        mergedIds.forEach(id -> internal.publishEvent(new CustomerRemoved(id)));
        internal.publishEvent(new CustomerSaved(CustomerView.of(survivor)));
    }

    void erased(UUID id, Instant at) {
        outbox.append(new CustomerErased(id, at, actor()));
        audit.record("customer.erased", "customer", id, id, Map.of());
        internal.publishEvent(new CustomerRemoved(id));
        internal.publishEvent(new CustomerDataErased(id));
    }

    void deleted(Customer c) {
        outbox.append(new CustomerDeleted(c.id(), c.deletedAt(), c.version()));
        internal.publishEvent(new CustomerRemoved(c.id()));
    }

    private void consentsMoved(Customer before, Customer after) {
        List<CrmEvent> events = new ArrayList<>();
        consentsMoved(before, after, events);
        outbox.appendAll(events);
    }

    private void consentsMoved(Customer before, Customer after, List<CrmEvent> events) {
        Profile old = before == null ? null : before.profile();
        for (ConsentChannel channel : ProfileChanges.consentMoves(old, after.profile())) {
            Consent now = after.profile().consents().get(channel);
            Consent was = old == null ? null : old.consents().get(channel);
            events.add(new CustomerConsentChanged(
                    after.id(),
                    channel.name(),
                    now.status().name(),
                    was == null ? null : was.status().name(),
                    now.updatedAt(),
                    now.source(),
                    actor()));
            Map<String, String> details = new LinkedHashMap<>();
            details.put("channel", channel.name());
            details.put("status", now.status().name());
            details.put("previousStatus", was == null ? null : was.status().name());
            details.put("source", now.source());
            events.add(audit.entry("customer.consent-changed", "customer", after.id(), after.id(), details));
        }
    }

    /** Who is changing the customer: the caller's token (null for work no caller asked for). */
    private static ActorRef actor() {
        return CrmActor.currentIfAny().map(CrmActor::ref).orElse(null);
    }

    /** The customer as other services may keep it: no direct identifiers, no personal custom property values. */
    CustomerSnapshot snapshot(Customer c) {
        Profile p = c.profile();
        Map<String, String> consents = new TreeMap<>();
        p.consents()
                .forEach((channel, consent) ->
                        consents.put(channel.name(), consent.status().name()));
        return new CustomerSnapshot(
                c.id(),
                p.type().name(),
                p.company(),
                p.jobTitle(),
                p.industry(),
                p.region(),
                p.tags(),
                p.ownerId(),
                consents,
                c.createdAt(),
                c.updatedAt(),
                c.version(),
                p.timeZone(),
                p.teamId(),
                customProperties.publishable(p.properties()));
    }
}
