package com.crm.segmentation.metrics;

import com.crm.contracts.Topics;
import com.crm.contracts.events.customer.CustomerConsentPurposeChanged;
import com.crm.contracts.events.customer.CustomerDeleted;
import com.crm.contracts.events.customer.CustomerErased;
import com.crm.contracts.events.customer.CustomerMerged;
import com.crm.contracts.events.customer.CustomerRegistered;
import com.crm.contracts.events.customer.CustomerSnapshot;
import com.crm.contracts.events.customer.CustomerUpdated;
import com.crm.contracts.events.feedback.ComplaintOpened;
import com.crm.contracts.events.feedback.ComplaintResolved;
import com.crm.contracts.events.feedback.ComplaintSlaBreached;
import com.crm.contracts.events.feedback.ResponseReceived;
import com.crm.contracts.events.interaction.ContactRefused;
import com.crm.contracts.events.interaction.InteractionRecorded;
import com.crm.contracts.events.purchase.PurchaseLine;
import com.crm.contracts.events.purchase.PurchaseRecorded;
import com.crm.contracts.events.purchase.PurchaseRefunded;
import com.crm.segmentation.SegmentationProperties;
import com.crm.support.consumer.CrmConsumerAutoConfiguration;
import com.crm.support.consumer.CrmEventHandlers;
import com.crm.support.consumer.IdempotentEventProcessor;
import com.crm.support.consumer.PoisonEventException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the per-customer ledger and metrics from {@code crm.customer.v1}, {@code crm.purchase.v1} and
 * {@code crm.interaction.v1}: each event applies once (platform {@link IdempotentEventProcessor}), and in the same
 * transaction the customer's metrics are recomputed and the customer re-scored ({@link CustomerChangeListener}).
 * Merges re-key the ledger to the survivor, erasure anonymises it.
 * From {@code crm.feedback.v1}: complaints opened (counted with the interaction complaints, once when both name
 * the same interaction) and NPS answers (the latest in the recent window says whether the customer is a detractor);
 * both raise the churn risk. Also kept for prospects, offers and KPIs: interaction types, purchase lines with a SKU,
 * complaint products (open until resolved), NPS/CSAT scores, and daily facts for complaints opened, SLA breaches and
 * contacts refused by policy ({@code crm.contact.refused}). Every listener (value scoring, prospects) hears each change.
 */
@Component
class LedgerConsumers {

    static final String CUSTOMERS = "segmentation-customer-profile";
    static final String PURCHASES = "segmentation-purchase-ledger";
    static final String INTERACTIONS = "segmentation-interaction-signals";
    static final String FEEDBACK = "segmentation-feedback-signals";

    private final IdempotentEventProcessor processor;
    private final MetricsRepository metrics;
    private final List<CustomerChangeListener> listeners;
    private final SegmentationProperties properties;
    private final CrmEventHandlers customerHandlers;
    private final CrmEventHandlers purchaseHandlers;
    private final CrmEventHandlers interactionHandlers;
    private final CrmEventHandlers feedbackHandlers;

    LedgerConsumers(
            IdempotentEventProcessor processor,
            MetricsRepository metrics,
            List<CustomerChangeListener> listeners,
            SegmentationProperties properties) {
        this.processor = processor;
        this.metrics = metrics;
        this.listeners = List.copyOf(listeners);
        this.properties = properties;
        this.customerHandlers = CrmEventHandlers.builder()
                .on(CustomerRegistered.class, e -> snapshot(e.customer()))
                .on(CustomerUpdated.class, e -> snapshot(e.customer()))
                .on(CustomerDeleted.class, e -> {
                    metrics.setStatus(e.customerId(), "DELETED");
                    changed(e.customerId());
                })
                .on(CustomerMerged.class, this::merged)
                .on(CustomerErased.class, e -> metrics.erase(e.customerId()))
                .on(CustomerConsentPurposeChanged.class, this::purposeChanged)
                // a profile update carries the whole profile: the newest of a batch is the one that counts
                .latestOnly(CustomerUpdated.class)
                .build();
        this.purchaseHandlers = CrmEventHandlers.builder()
                .on(
                        PurchaseRecorded.class,
                        e -> purchase(
                                e.purchaseId(), "PURCHASE", e.customerId(), e.occurredAt(), e.amount(), e.lines()))
                .on(
                        PurchaseRefunded.class,
                        e -> purchase(e.purchaseId(), "REFUND", e.customerId(), e.occurredAt(), e.amount(), null))
                .afterBatch(this::historiesChanged)
                .build();
        this.interactionHandlers = CrmEventHandlers.builder()
                .on(InteractionRecorded.class, this::interaction)
                .on(
                        ContactRefused.class,
                        e -> metrics.kpiFact(
                                "contacts_refused",
                                UUID.randomUUID(),
                                e.customerId(),
                                e.refusedAt() == null ? Instant.now() : e.refusedAt()))
                .afterBatch(this::historiesChanged)
                .build();
        this.feedbackHandlers = CrmEventHandlers.builder()
                .on(ComplaintOpened.class, this::complaintOpened)
                .on(ComplaintResolved.class, e -> {
                    if (e.complaintId() != null) {
                        metrics.complaintProduct(e.complaintId(), e.customerId(), null, false);
                    }
                })
                .on(ComplaintSlaBreached.class, e -> {
                    if (e.complaintId() != null) {
                        Instant at = e.escalatedAt() == null ? Instant.now() : e.escalatedAt();
                        // one fact per breach: a reopened complaint may breach again
                        metrics.kpiFact(
                                "sla_breaches",
                                UUID.nameUUIDFromBytes((e.complaintId() + "@"
                                                + (e.dueAt() == null
                                                        ? ""
                                                        : e.dueAt().toString()))
                                        .getBytes(StandardCharsets.UTF_8)),
                                e.customerId(),
                                at);
                    }
                })
                .on(ResponseReceived.class, e -> {
                    if (e.npsCategory() != null) {
                        feedback(
                                e.responseId(),
                                e.customerId(),
                                "NPS",
                                e.submittedAt(),
                                "detractor".equalsIgnoreCase(e.npsCategory()),
                                null,
                                e.npsCategory(),
                                e.score());
                    } else if ("CSAT".equalsIgnoreCase(e.surveyKind()) && e.score() != null) {
                        feedback(e.responseId(), e.customerId(), "CSAT", e.submittedAt(), null, null, null, e.score());
                    }
                })
                .afterBatch(this::historiesChanged)
                .build();
    }

    @KafkaListener(topics = Topics.FEEDBACK, containerFactory = CrmConsumerAutoConfiguration.BATCH_CONTAINER_FACTORY)
    void onFeedback(List<ConsumerRecord<String, byte[]>> records) {
        processor.processBatch(FEEDBACK, records, feedbackHandlers);
    }

    private void complaintOpened(ComplaintOpened e) {
        feedback(e.complaintId(), e.customerId(), "COMPLAINT", e.openedAt(), null, e.interactionId(), null, null);
        metrics.kpiFact(
                "complaints_opened",
                e.complaintId(),
                e.customerId(),
                e.openedAt() == null ? Instant.now() : e.openedAt());
        if (e.productCode() != null
                && !e.productCode().isBlank()
                && e.productCode().strip().length() <= 128) {
            metrics.complaintProduct(e.complaintId(), e.customerId(), e.productCode(), true);
        }
    }

    private void feedback(
            UUID signalId,
            UUID customerId,
            String kind,
            Instant at,
            Boolean detractor,
            UUID interactionId,
            String npsCategory,
            Integer score) {
        if (signalId == null || customerId == null) {
            throw new PoisonEventException("feedback event lacks its id or customerId", null);
        }
        metrics.recordFeedback(
                signalId,
                customerId,
                kind,
                at == null ? Instant.now() : at,
                detractor,
                interactionId,
                npsCategory,
                score);
    }

    /** A purpose decision: kept (newest wins), and the customer re-evaluated at once (segments need PROFILING). */
    private void purposeChanged(CustomerConsentPurposeChanged e) {
        if (e.customerId() == null || e.purpose() == null || e.channel() == null || e.status() == null) {
            throw new PoisonEventException("consent purpose event lacks customerId, purpose, channel or status", null);
        }
        metrics.setPurpose(
                e.customerId(),
                e.purpose(),
                e.channel(),
                e.status(),
                e.changedAt() == null ? Instant.now() : e.changedAt());
        changed(e.customerId());
    }

    private void changed(UUID customerId) {
        listeners.forEach(l -> l.changed(customerId));
    }

    /**
     * Once per batch for each customer whose history it added to: metrics recomputed and the customer re-scored
     * once, however many of their purchases, interactions or answers the batch held (an ERP sync of a customer's
     * history scores them once, not once per purchase).
     */
    private void historiesChanged(Set<String> customers) {
        for (String customer : customers) {
            UUID id = UUID.fromString(customer);
            metrics.recompute(id, properties.recentWindowDays());
            changed(id);
        }
    }

    @KafkaListener(topics = Topics.CUSTOMER, containerFactory = CrmConsumerAutoConfiguration.BATCH_CONTAINER_FACTORY)
    void onCustomer(List<ConsumerRecord<String, byte[]>> records) {
        processor.processBatch(CUSTOMERS, records, customerHandlers);
    }

    @KafkaListener(topics = Topics.PURCHASE, containerFactory = CrmConsumerAutoConfiguration.BATCH_CONTAINER_FACTORY)
    void onPurchase(List<ConsumerRecord<String, byte[]>> records) {
        processor.processBatch(PURCHASES, records, purchaseHandlers);
    }

    @KafkaListener(topics = Topics.INTERACTION, containerFactory = CrmConsumerAutoConfiguration.BATCH_CONTAINER_FACTORY)
    void onInteraction(List<ConsumerRecord<String, byte[]>> records) {
        processor.processBatch(INTERACTIONS, records, interactionHandlers);
    }

    private void snapshot(CustomerSnapshot c) {
        metrics.lock(c.id());
        metrics.upsertProfile(
                c.id(),
                "ACTIVE",
                c.type(),
                c.region(),
                c.industry(),
                c.ownerId(),
                c.teamId(),
                c.tags(),
                c.createdAt(),
                c.updatedAt() == null ? Instant.now() : c.updatedAt(),
                c.company(),
                c.jobTitle(),
                c.properties());
        changed(c.id());
    }

    private void merged(CustomerMerged e) {
        if (e.survivor() != null) {
            snapshot(e.survivor());
        }
        List<UUID> merged = e.mergedIds() == null
                ? List.of()
                : e.mergedIds().stream()
                        .filter(id -> !id.equals(e.customerId()))
                        .toList();
        merged.forEach(id -> metrics.setStatus(id, "MERGED"));
        metrics.rekey(merged, e.customerId());
        metrics.recompute(e.customerId(), properties.recentWindowDays());
        changed(e.customerId());
    }

    private void purchase(
            UUID purchaseId,
            String kind,
            UUID customerId,
            Instant occurredAt,
            String amount,
            List<PurchaseLine> lines) {
        if (purchaseId == null || customerId == null || occurredAt == null || amount == null) {
            throw new PoisonEventException("purchase event lacks purchaseId, customerId, occurredAt or amount", null);
        }
        BigDecimal value;
        try {
            value = new BigDecimal(amount);
        } catch (NumberFormatException e) {
            throw new PoisonEventException("purchase amount is not a decimal: " + amount, e);
        }
        if (metrics.recordPurchase(purchaseId, kind, customerId, occurredAt, value)) {
            metrics.recordPurchaseLines(purchaseId, customerId, occurredAt, lines);
        }
    }

    private void interaction(InteractionRecorded e) {
        if (e.interactionId() == null || e.customerId() == null) {
            throw new PoisonEventException("interaction event lacks interactionId or customerId", null);
        }
        metrics.recordInteraction(
                e.interactionId(),
                e.customerId(),
                e.occurredAt() == null ? Instant.now() : e.occurredAt(),
                e.purchaseIntent(),
                "COMPLAINT".equals(e.type()),
                e.type(),
                e.channel());
    }
}
