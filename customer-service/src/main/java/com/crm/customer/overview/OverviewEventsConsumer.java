package com.crm.customer.overview;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.Topics;
import com.crm.contracts.events.feedback.ComplaintOpened;
import com.crm.contracts.events.feedback.ComplaintResolved;
import com.crm.contracts.events.feedback.ComplaintSlaBreached;
import com.crm.contracts.events.feedback.ResponseReceived;
import com.crm.contracts.events.interaction.ChannelPreferenceChanged;
import com.crm.contracts.events.interaction.ContactStateChanged;
import com.crm.contracts.events.interaction.InteractionRecorded;
import com.crm.contracts.events.loyalty.LevelChanged;
import com.crm.contracts.events.loyalty.PointsEarned;
import com.crm.contracts.events.loyalty.PointsExpired;
import com.crm.contracts.events.loyalty.PointsRedeemed;
import com.crm.contracts.events.loyalty.PointsReversed;
import com.crm.contracts.events.segmentation.CustomerValueScored;
import com.crm.contracts.events.segmentation.LifecycleStageChanged;
import com.crm.contracts.events.segmentation.SegmentMembershipChanged;
import com.crm.contracts.events.segmentation.TierChanged;
import com.crm.support.consumer.CrmConsumerAutoConfiguration;
import com.crm.support.consumer.CrmEventHandlers;
import com.crm.support.consumer.IdempotentEventProcessor;
import com.crm.support.consumer.PoisonEventException;
import io.cloudevents.CloudEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * customer-service's own projections of the other services' events, for the 360 overview and referral value:
 * value scores, tier, stage and segment memberships ({@code crm.segmentation.v1}); contact state, preferred channel
 * and the timeline ({@code crm.interaction.v1}); survey scores and complaints ({@code crm.feedback.v1}); points balance
 * and level ({@code crm.loyalty.v1}, ordered by when loyalty-service recorded them: the envelope's time). Each event
 * applies once; an event for a merged-away customer lands on the survivor, one for an erased or deleted customer is
 * dropped. Times come from the payload (the envelope's time when it has none), so order does not matter.
 */
@Component
class OverviewEventsConsumer {

    static final String SEGMENTATION = "customer-overview-segmentation";
    static final String INTERACTION = "customer-overview-interaction";
    static final String FEEDBACK = "customer-overview-feedback";
    static final String LOYALTY = "customer-overview-loyalty";

    private static final Set<String> SURVEY_KINDS = Set.of("NPS", "CSAT", "CES");

    // the overview parts each topic's writes change: only those are rendered again
    private static final Set<OverviewPart> SEGMENTATION_PARTS = Set.of(OverviewPart.VALUE);
    private static final Set<OverviewPart> INTERACTION_PARTS = Set.of(OverviewPart.CONTACT, OverviewPart.TIMELINE);
    private static final Set<OverviewPart> FEEDBACK_PARTS = Set.of(OverviewPart.VOICE);
    private static final Set<OverviewPart> LOYALTY_PARTS = Set.of(OverviewPart.LOYALTY);

    private final IdempotentEventProcessor processor;
    private final ProjectionRepository projections;
    private final OverviewSections sections;
    private final JsonMapper json;
    private final CrmEventHandlers segmentation;
    private final CrmEventHandlers interaction;
    private final CrmEventHandlers feedback;
    private final CrmEventHandlers loyalty;

    OverviewEventsConsumer(
            IdempotentEventProcessor processor,
            ProjectionRepository projections,
            OverviewSections sections,
            JsonMapper json) {
        this.processor = processor;
        this.projections = projections;
        this.sections = sections;
        this.json = json;
        this.segmentation = CrmEventHandlers.builder()
                .onWithEnvelope(CustomerValueScored.class, live(this::valueScored))
                .onWithEnvelope(
                        TierChanged.class,
                        live((id, e, env, w) -> w.tier(
                                id, new ValueProjection.Tier(e.to(), decimal(e.clv(), "clv"), at(e.changedAt(), env)))))
                .onWithEnvelope(
                        LifecycleStageChanged.class,
                        live((id, e, env, w) -> w.stage(id, new ValueProjection.Stage(e.to(), at(e.changedAt(), env)))))
                // memberships are not shown in the overview: nothing to render again
                .onWithEnvelope(SegmentMembershipChanged.class, pending(this::membership, false, false))
                // each score is the customer's whole current value: of several in a batch only the newest counts
                .latestOnly(CustomerValueScored.class)
                .afterBatch(customers -> applyPending(SEGMENTATION_PARTS))
                .build();
        this.interaction = CrmEventHandlers.builder()
                .onWithEnvelope(InteractionRecorded.class, live(this::interaction))
                .onWithEnvelope(ContactStateChanged.class, live(this::contactState))
                .onWithEnvelope(
                        ChannelPreferenceChanged.class,
                        live((id, e, env, w) -> w.preferredChannel(id, e.preferredChannel(), at(e.computedAt(), env))))
                .latestOnly(ContactStateChanged.class)
                .afterBatch(customers -> applyPending(INTERACTION_PARTS))
                .build();
        this.feedback = CrmEventHandlers.builder()
                .onWithEnvelope(ResponseReceived.class, live(this::response))
                .onWithEnvelope(
                        ComplaintOpened.class,
                        live((id, e, env, w) -> w.complaint(new ProjectionWrites.Complaint(
                                ProjectionWrites.ComplaintChange.OPENED,
                                required(e.complaintId(), "complaintId"),
                                id,
                                e.category(),
                                e.severity(),
                                e.channel(),
                                e.openedAt(),
                                e.dueAt(),
                                at(e.openedAt(), env),
                                null))))
                .onWithEnvelope(
                        ComplaintSlaBreached.class,
                        live((id, e, env, w) -> w.complaint(new ProjectionWrites.Complaint(
                                ProjectionWrites.ComplaintChange.BREACHED,
                                required(e.complaintId(), "complaintId"),
                                id,
                                e.category(),
                                e.severity(),
                                null,
                                null,
                                e.dueAt(),
                                at(e.escalatedAt(), env),
                                null))))
                .onWithEnvelope(
                        ComplaintResolved.class,
                        live((id, e, env, w) -> w.complaint(new ProjectionWrites.Complaint(
                                ProjectionWrites.ComplaintChange.RESOLVED,
                                required(e.complaintId(), "complaintId"),
                                id,
                                e.category(),
                                e.severity(),
                                null,
                                e.openedAt(),
                                e.dueAt(),
                                at(e.resolvedAt(), env),
                                e.withinSla()))))
                .afterBatch(customers -> applyPending(FEEDBACK_PARTS))
                .build();
        this.loyalty = CrmEventHandlers.builder()
                .onWithEnvelope(
                        PointsEarned.class, member((id, e, env, w) -> balance(w, id, e.balance(), env, e.occurredAt())))
                .onWithEnvelope(
                        PointsRedeemed.class,
                        member((id, e, env, w) -> balance(w, id, e.balance(), env, e.occurredAt())))
                .onWithEnvelope(
                        PointsExpired.class,
                        member((id, e, env, w) -> balance(w, id, e.balance(), env, e.occurredAt())))
                .onWithEnvelope(
                        PointsReversed.class,
                        member((id, e, env, w) -> balance(w, id, e.balance(), env, e.occurredAt())))
                .onWithEnvelope(
                        LevelChanged.class,
                        member((id, e, env, w) ->
                                w.loyaltyLevel(id, e.to(), e.changedAt(), recordedAt(env, e.changedAt()))))
                .afterBatch(customers -> applyPending(LOYALTY_PARTS))
                .build();
    }

    @KafkaListener(
            topics = Topics.SEGMENTATION,
            containerFactory = CrmConsumerAutoConfiguration.BATCH_CONTAINER_FACTORY)
    void onSegmentation(List<ConsumerRecord<String, byte[]>> records) {
        processor.processBatch(SEGMENTATION, records, segmentation);
    }

    @KafkaListener(topics = Topics.INTERACTION, containerFactory = CrmConsumerAutoConfiguration.BATCH_CONTAINER_FACTORY)
    void onInteraction(List<ConsumerRecord<String, byte[]>> records) {
        processor.processBatch(INTERACTION, records, interaction);
    }

    @KafkaListener(topics = Topics.FEEDBACK, containerFactory = CrmConsumerAutoConfiguration.BATCH_CONTAINER_FACTORY)
    void onFeedback(List<ConsumerRecord<String, byte[]>> records) {
        processor.processBatch(FEEDBACK, records, feedback);
    }

    @KafkaListener(topics = Topics.LOYALTY, containerFactory = CrmConsumerAutoConfiguration.BATCH_CONTAINER_FACTORY)
    void onLoyalty(List<ConsumerRecord<String, byte[]>> records) {
        processor.processBatch(LOYALTY, records, loyalty);
    }

    /**
     * A projection write for the live customer the event is about (after merges), added to the batch's writes; none
     * for a gone one. Runs in the batch hook, once every customer of the batch is resolved: what it checks of the
     * event (a poison record) is checked for a live customer only, as when each event was applied at once.
     */
    @FunctionalInterface
    private interface Apply<T> {
        void apply(UUID customerId, T event, CloudEvent envelope, ProjectionWrites writes);
    }

    /** The write; the customer's overview sections are rendered again once per batch, in its transaction. */
    private <T extends CrmEvent> BiConsumer<T, CloudEvent> live(Apply<T> apply) {
        return pending(apply, false, true);
    }

    /**
     * A loyalty write for a customer who is live under the event's own id. A membership's balance and level belong to
     * that customer alone: after a merge, loyalty-service combines the members and reports the survivor's own state,
     * while the merged-away member's last events (its balance emptied) must not overwrite the survivor's.
     */
    private <T extends CrmEvent> BiConsumer<T, CloudEvent> member(Apply<T> apply) {
        return pending(apply, true, true);
    }

    private <T extends CrmEvent> BiConsumer<T, CloudEvent> pending(Apply<T> apply, boolean ownIdOnly, boolean shown) {
        return (event, envelope) -> {
            UUID customer = required(event.customerId(), "customerId");
            PendingOverview.current()
                    .writes
                    .add(new PendingOverview.Write(
                            customer, ownIdOnly, shown, (id, writes) -> apply.apply(id, event, envelope, writes)));
        };
    }

    /**
     * The batch hook: resolves all of the batch's customers at once (merges, erasures), reduces the writes to the
     * newest state per customer, writes each projection with one statement and renders, once, the {@code parts} (the
     * topic's) of each customer whose shown sections changed (after merges: the survivor).
     */
    private void applyPending(Set<OverviewPart> parts) {
        PendingOverview batch = PendingOverview.drain();
        if (batch.writes.isEmpty()) {
            return;
        }
        Map<UUID, ProjectionRepository.Target> targets = projections.resolveAll(batch.customers());
        ProjectionWrites writes = new ProjectionWrites();
        Set<UUID> shown = new LinkedHashSet<>();
        for (PendingOverview.Write w : batch.writes) {
            if (targets.get(w.customerId()) instanceof ProjectionRepository.Live(UUID id)
                    && (!w.ownIdOnly() || id.equals(w.customerId()))) {
                w.apply().accept(id, writes);
                if (w.shown()) {
                    shown.add(id);
                }
            }
        }
        sections.renderingInThisTransaction();
        projections.write(writes);
        sections.refreshParts(shown, parts);
    }

    private void valueScored(UUID id, CustomerValueScored e, CloudEvent env, ProjectionWrites w) {
        Instant at = at(e.scoredAt(), env);
        // null means "not computed yet": it must not blank out a tier a TierChanged reported
        if (e.tier() != null || e.clv() != null) {
            w.tier(id, new ValueProjection.Tier(e.tier(), decimal(e.clv(), "clv"), at));
        }
        w.scores(
                id,
                new ValueProjection.Scores(
                        decimal(e.clvPercentile(), "clvPercentile"),
                        decimal(e.pAlive(), "pAlive"),
                        decimal(e.expectedPurchases(), "expectedPurchases"),
                        e.rfmRecency(),
                        e.rfmFrequency(),
                        e.rfmMonetary(),
                        e.rfmSegment(),
                        e.keyAccountQuadrant(),
                        e.churnRisk(),
                        at));
        if (e.lifecycleStage() != null) {
            w.stage(id, new ValueProjection.Stage(e.lifecycleStage(), at));
        }
    }

    private void membership(UUID id, SegmentMembershipChanged e, CloudEvent env, ProjectionWrites w) {
        boolean member = switch (String.valueOf(e.change())) {
            case "JOINED" -> true;
            case "LEFT" -> false;
            default ->
                throw new PoisonEventException("membership change " + e.change() + " is neither JOINED nor LEFT", null);
        };
        w.segmentMembership(id, required(e.segmentId(), "segmentId"), e.segmentName(), member, at(e.changedAt(), env));
    }

    private void interaction(UUID id, InteractionRecorded e, CloudEvent env, ProjectionWrites w) {
        w.interaction(new ProjectionWrites.Interaction(
                required(e.interactionId(), "interactionId"),
                id,
                e.channel(),
                e.direction(),
                e.type(),
                e.purpose(),
                e.outcome(),
                at(e.occurredAt(), env),
                e.durationSeconds(),
                e.agentId(),
                e.campaignId(),
                e.purchaseIntent()));
    }

    private void contactState(UUID id, ContactStateChanged e, CloudEvent env, ProjectionWrites w) {
        Instant at = at(e.asOf(), env);
        w.contactState(id, write(e.lastContacts()), write(e.nextDue()), write(e.policyWindows()), at);
        if (e.preferredChannel() != null) {
            w.preferredChannel(id, e.preferredChannel(), at);
        }
    }

    private void response(UUID id, ResponseReceived e, CloudEvent env, ProjectionWrites w) {
        if (e.surveyKind() != null && SURVEY_KINDS.contains(e.surveyKind()) && e.score() != null) {
            w.feedbackScore(id, e.surveyKind(), e.score(), e.npsCategory(), e.responseId(), at(e.submittedAt(), env));
        }
    }

    private static void balance(ProjectionWrites w, UUID id, long balance, CloudEvent envelope, Instant occurredAt) {
        w.loyaltyBalance(id, balance, recordedAt(envelope, occurredAt));
    }

    /**
     * When loyalty-service recorded the movement: balances follow the journal's order, which is the order of recording,
     * not the time of the purchase or answer a movement refers to (a back-dated purchase credited today).
     */
    private static Instant recordedAt(CloudEvent envelope, Instant fromPayload) {
        if (envelope.getTime() != null) {
            return envelope.getTime().toInstant();
        }
        return fromPayload == null ? Instant.now() : fromPayload;
    }

    private String write(Object value) {
        return value == null ? null : json.writeValueAsString(value);
    }

    private static Instant at(Instant fromPayload, CloudEvent envelope) {
        if (fromPayload != null) {
            return fromPayload;
        }
        return envelope.getTime() == null ? Instant.now() : envelope.getTime().toInstant();
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw new PoisonEventException("the event has no " + field, null);
        }
        return value;
    }

    private static BigDecimal decimal(String value, String field) {
        try {
            return ProjectionRepository.decimal(value);
        } catch (NumberFormatException e) {
            throw new PoisonEventException(field + " '" + value + "' is not a decimal", e);
        }
    }
}
