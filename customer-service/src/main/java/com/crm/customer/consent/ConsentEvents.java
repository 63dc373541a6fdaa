package com.crm.customer.consent;

import com.crm.contracts.events.customer.CustomerConsentPurposeChanged;
import com.crm.contracts.events.customer.CustomerSubscriptionChanged;
import com.crm.support.audit.AuditTrail;
import com.crm.support.outbox.EventOutbox;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * A consent change, in the change's transaction: the customer's history line, the event other services act on
 * (through the outbox) and the audit entry.
 */
@Component
class ConsentEvents {

    private final ConsentRepository repository;
    private final EventOutbox outbox;
    private final AuditTrail audit;

    ConsentEvents(ConsentRepository repository, EventOutbox outbox, AuditTrail audit) {
        this.repository = repository;
        this.outbox = outbox;
        this.audit = audit;
    }

    void purposeChanged(UUID customerId, PurposeConsent now, PurposeStatus previous) {
        String was = previous == null ? null : previous.name();
        repository.appendHistory(
                customerId,
                new ConsentHistoryEntry(
                        UUID.randomUUID(),
                        ConsentHistoryEntry.PURPOSE,
                        now.purpose().name(),
                        now.channel(),
                        now.status().name(),
                        was,
                        now.legalBasis(),
                        now.source(),
                        now.evidence(),
                        now.expiresAt(),
                        now.changedAt(),
                        now.recordedAt(),
                        now.actor()));
        outbox.append(new CustomerConsentPurposeChanged(
                customerId,
                now.purpose().name(),
                now.channel(),
                now.status().name(),
                was,
                now.legalBasis().name(),
                now.expiresAt(),
                now.changedAt(),
                now.source(),
                now.actor()));
        Map<String, String> details = new LinkedHashMap<>();
        details.put("purpose", now.purpose().name());
        details.put("channel", now.channel());
        details.put("status", now.status().name());
        details.put("previousStatus", was);
        details.put("legalBasis", now.legalBasis().name());
        details.put("source", now.source());
        audit.record("customer.consent-purpose-changed", "customer", customerId, customerId, details);
    }

    void subscriptionChanged(UUID customerId, Subscription now, SubscriptionStatus previous) {
        String was = previous == null || previous == SubscriptionStatus.NOT_SPECIFIED ? null : previous.name();
        repository.appendHistory(
                customerId,
                new ConsentHistoryEntry(
                        UUID.randomUUID(),
                        ConsentHistoryEntry.SUBSCRIPTION,
                        now.subscriptionType(),
                        now.channel(),
                        now.status().name(),
                        was,
                        null,
                        now.source(),
                        null,
                        null,
                        now.changedAt(),
                        now.recordedAt(),
                        now.actor()));
        outbox.append(new CustomerSubscriptionChanged(
                customerId,
                now.subscriptionType(),
                now.purpose().name(),
                now.channel(),
                now.status().name(),
                was,
                now.changedAt(),
                now.source(),
                now.actor()));
        Map<String, String> details = new LinkedHashMap<>();
        details.put("subscriptionType", now.subscriptionType());
        details.put("status", now.status().name());
        details.put("previousStatus", was);
        details.put("source", now.source());
        audit.record("customer.subscription-changed", "customer", customerId, customerId, details);
    }
}
