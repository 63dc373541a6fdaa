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
import io.cloudevents.CloudEvent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the per-customer ledger and metrics from {@code crm.customer.v1}, {@code crm.purchase.v1} and
 * {@code crm.interaction.v1}: each event applies once (platform {@link IdempotentEventProcessor}), and in the same
 * transaction the customers' metrics are recomputed and the customers re-scored ({@link CustomerChangeListener}),
 * set-based once per batch: the batch's purchases, interactions and profile snapshots are written with one statement
 * per table at its end ({@link PendingBatch}), then every customer it changed is recomputed and re-scored together.
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
    private final LedgerBatchRepository ledger;
    private final List<CustomerChangeListener> listeners;
    private final SegmentationProperties properties;
    private final CrmEventHandlers customerHandlers;
    private final CrmEventHandlers purchaseHandlers;
    private final CrmEventHandlers interactionHandlers;
    private final CrmEventHandlers feedbackHandlers;

    LedgerConsumers(
            IdempotentEventProcessor processor,
            MetricsRepository metrics,
            LedgerBatchRepository ledger,
            List<CustomerChangeListener> listeners,
            SegmentationProperties properties) {
        this.processor = processor;
        this.metrics = metrics;
        this.ledger = ledger;
        this.listeners = List.copyOf(listeners);
        this.properties = properties;
        this.customerHandlers = CrmEventHandlers.builder()
                .onWithEnvelope(CustomerRegistered.class, (e, event) -> snapshot(e.customer(), event))
                .onWithEnvelope(CustomerUpdated.class, (e, event) -> snapshot(e.customer(), event))
                .onWithEnvelope(
                        CustomerDeleted.class,
                        (e, event) -> later(event, () -> {
                            metrics.setStatus(e.customerId(), "DELETED");
                            changed(List.of(e.customerId()));
                        }))
                .onWithEnvelope(CustomerMerged.class, (e, event) -> later(event, () -> merged(e)))
                .onWithEnvelope(CustomerErased.class, (e, event) -> later(event, () -> metrics.erase(e.customerId())))
                .onWithEnvelope(CustomerConsentPurposeChanged.class, this::purposeChanged)
                // a profile update carries the whole profile: the newest of a batch is the one that counts
                .latestOnly(CustomerUpdated.class)
                .afterBatch(customers -> applyCustomerEvents())
                .build();
        this.purchaseHandlers = CrmEventHandlers.builder()
                .onWithEnvelope(
                        PurchaseRecorded.class,
                        (e, event) -> purchase(
                                event,
                                e.purchaseId(),
                                "PURCHASE",
                                e.customerId(),
                                e.occurredAt(),
                                e.amount(),
                                e.lines()))
                .onWithEnvelope(
                        PurchaseRefunded.class,
                        (e, event) -> purchase(
                                event, e.purchaseId(), "REFUND", e.customerId(), e.occurredAt(), e.amount(), null))
                .afterBatch(customers -> ledgerChanged())
                .build();
        this.interactionHandlers = CrmEventHandlers.builder()
                .onWithEnvelope(InteractionRecorded.class, this::interaction)
                .on(
                        ContactRefused.class,
                        e -> metrics.kpiFact(
                                "contacts_refused",
                                UUID.randomUUID(),
                                e.customerId(),
                                e.refusedAt() == null ? Instant.now() : e.refusedAt()))
                .afterBatch(customers -> ledgerChanged())
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
    private void purposeChanged(CustomerConsentPurposeChanged e, CloudEvent event) {
        if (e.customerId() == null || e.purpose() == null || e.channel() == null || e.status() == null) {
            throw new PoisonEventException("consent purpose event lacks customerId, purpose, channel or status", null);
        }
        later(event, () -> {
            metrics.setPurpose(
                    e.customerId(),
                    e.purpose(),
                    e.channel(),
                    e.status(),
                    e.changedAt() == null ? Instant.now() : e.changedAt());
            changed(List.of(e.customerId()));
        });
    }

    private void changed(List<UUID> customers) {
        listeners.forEach(l -> l.changed(customers));
    }

    /**
     * Locks the customers (in one statement), recomputes their metrics when asked and re-scores them, set-based:
     * once per batch, however many of their events the batch held (an ERP sync of a customer's history scores them
     * once, not once per purchase).
     */
    private void rescore(Collection<UUID> customers, boolean recompute) {
        if (customers.isEmpty()) {
            return;
        }
        List<UUID> ids = List.copyOf(new LinkedHashSet<>(customers));
        metrics.lockAll(ids);
        if (recompute) {
            metrics.recomputeAll(ids, properties.recentWindowDays());
        }
        changed(ids);
    }

    /** Feedback: every customer of the batch's applied events is recomputed and re-scored. */
    private void historiesChanged(Set<String> customers) {
        rescore(customers.stream().map(UUID::fromString).toList(), true);
    }

    /**
     * Purchases and interactions: the batch's rows, one statement per table, then the customers who got a new row
     * recomputed and re-scored; an event that added nothing (a purchase re-sent under a new event id) changes no
     * score, so its customer is not re-scored for it.
     */
    private void ledgerChanged() {
        PendingBatch batch = PendingBatch.drain();
        Set<UUID> changed = new LinkedHashSet<>(ledger.recordPurchases(batch.purchases));
        changed.addAll(ledger.recordInteractions(batch.interactions));
        rescore(changed, true);
    }

    /**
     * Customer events in batch order: runs of profile snapshots are upserted with one statement and their customers
     * re-scored together (of several snapshots of one customer in a run, the newest counts); any other event (a
     * deletion, merge, erasure, purpose decision) is applied after the snapshots before it, as before batching.
     */
    private void applyCustomerEvents() {
        Map<UUID, LedgerBatchRepository.ProfileRow> run = new LinkedHashMap<>();
        for (Object event : PendingBatch.drain().customerEvents) {
            if (event instanceof CustomerSnapshot c) {
                run.merge(
                        c.id(),
                        profileRow(c),
                        (older, newer) -> new LedgerBatchRepository.ProfileRow(
                                newer.snapshot(),
                                older.createdAt() != null ? older.createdAt() : newer.createdAt(),
                                newer.updatedAt()));
            } else {
                applySnapshots(run);
                run.clear();
                ((Runnable) event).run();
            }
        }
        applySnapshots(run);
    }

    private void applySnapshots(Map<UUID, LedgerBatchRepository.ProfileRow> snapshots) {
        if (snapshots.isEmpty()) {
            return;
        }
        List<UUID> ids = List.copyOf(snapshots.keySet());
        metrics.lockAll(ids);
        ledger.upsertProfiles(snapshots.values());
        changed(ids);
    }

    private static LedgerBatchRepository.ProfileRow profileRow(CustomerSnapshot c) {
        return new LedgerBatchRepository.ProfileRow(
                c, c.createdAt(), c.updatedAt() == null ? Instant.now() : c.updatedAt());
    }

    /** A customer event for the end of the batch; applied at once when it names no customer (no hook would run). */
    private void later(CloudEvent event, Runnable apply) {
        PendingBatch batch = PendingBatch.current();
        if (batch == null || event.getSubject() == null) {
            applyCustomerEvents();
            apply.run();
        } else {
            batch.customerEvents.add(apply);
        }
    }

    private void snapshot(CustomerSnapshot c, CloudEvent event) {
        PendingBatch batch = PendingBatch.current();
        if (batch == null || event.getSubject() == null) {
            applyCustomerEvents();
            applySnapshots(Map.of(c.id(), profileRow(c)));
        } else {
            batch.customerEvents.add(c);
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

    /** As before batching: the survivor's snapshot, then the merged customers' ledger moved to it. */
    private void merged(CustomerMerged e) {
        if (e.survivor() != null) {
            applySnapshots(Map.of(e.survivor().id(), profileRow(e.survivor())));
        }
        List<UUID> merged = e.mergedIds() == null
                ? List.of()
                : e.mergedIds().stream()
                        .filter(id -> !id.equals(e.customerId()))
                        .toList();
        merged.forEach(id -> metrics.setStatus(id, "MERGED"));
        metrics.rekey(merged, e.customerId());
        metrics.recompute(e.customerId(), properties.recentWindowDays());
        changed(List.of(e.customerId()));
    }

    private void purchase(
            CloudEvent event,
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
        var row = new LedgerBatchRepository.PurchaseRow(purchaseId, kind, customerId, occurredAt, value, lines);
        PendingBatch batch = PendingBatch.current();
        if (batch == null || event.getSubject() == null) {
            // no after-batch hook runs for an event without a subject: recorded now, as before batching
            ledger.recordPurchases(List.of(row));
        } else {
            batch.purchases.add(row);
        }
    }

    private void interaction(InteractionRecorded e, CloudEvent event) {
        if (e.interactionId() == null || e.customerId() == null) {
            throw new PoisonEventException("interaction event lacks interactionId or customerId", null);
        }
        var row = new LedgerBatchRepository.InteractionRow(
                e.interactionId(),
                e.customerId(),
                e.occurredAt() == null ? Instant.now() : e.occurredAt(),
                e.purchaseIntent(),
                "COMPLAINT".equals(e.type()),
                e.type(),
                e.channel());
        PendingBatch batch = PendingBatch.current();
        if (batch == null || event.getSubject() == null) {
            ledger.recordInteractions(List.of(row));
        } else {
            batch.interactions.add(row);
        }
    }
}
