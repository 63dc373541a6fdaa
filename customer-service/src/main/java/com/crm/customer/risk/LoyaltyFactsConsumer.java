package com.crm.customer.risk;

import com.crm.contracts.Topics;
import com.crm.contracts.events.loyalty.CouponRedeemed;
import com.crm.contracts.events.loyalty.PointsReversed;
import com.crm.support.consumer.CrmConsumerAutoConfiguration;
import com.crm.support.consumer.CrmEventHandlers;
import com.crm.support.consumer.IdempotentEventProcessor;
import com.crm.support.consumer.PoisonEventException;
import io.cloudevents.CloudEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The loyalty facts the risk model reads, from crm.loyalty.v1 in a consumer group of its own (the overview's group
 * reads the same topic for balances and levels): a coupon redemption with its campaign, and a points reversal that
 * left a debt (the refunded purchase's points were already spent). A fact is stored under the live customer (after
 * merges, the survivor) once per event; the customers a batch touched, and the profiles sharing their identifiers
 * (whose coupon clusters may have grown), are marked for rescoring in the batch's transaction.
 */
@Component
class LoyaltyFactsConsumer {

    static final String CONSUMER = "customer-risk-loyalty";

    private final IdempotentEventProcessor processor;
    private final RiskRepository risks;
    private final RiskProperties properties;
    private final Clock clock;
    private final CrmEventHandlers handlers;
    private final ThreadLocal<Set<UUID>> touched = ThreadLocal.withInitial(LinkedHashSet::new);

    LoyaltyFactsConsumer(
            IdempotentEventProcessor processor, RiskRepository risks, RiskProperties properties, Clock clock) {
        this.processor = processor;
        this.risks = risks;
        this.properties = properties;
        this.clock = clock;
        this.handlers = CrmEventHandlers.builder()
                .beforeBatch(() -> touched.get().clear())
                .onWithEnvelope(CouponRedeemed.class, this::couponRedeemed)
                .onWithEnvelope(PointsReversed.class, this::pointsReversed)
                .afterBatch(subjects -> markTouched())
                .build();
    }

    @KafkaListener(
            id = CONSUMER,
            groupId = "${spring.application.name}-risk",
            topics = Topics.LOYALTY,
            containerFactory = CrmConsumerAutoConfiguration.BATCH_CONTAINER_FACTORY)
    void on(List<ConsumerRecord<String, byte[]>> records) {
        processor.processBatch(CONSUMER, records, handlers);
    }

    private void couponRedeemed(CouponRedeemed e, CloudEvent envelope) {
        String campaign = e.campaign() == null || e.campaign().isBlank()
                ? null
                : e.campaign().strip();
        add(envelope, e.customerId(), "COUPON_REDEEMED", campaign, 0, e.redeemedAt());
    }

    private void pointsReversed(PointsReversed e, CloudEvent envelope) {
        if (e.debt() > 0) {
            add(envelope, e.customerId(), "POINTS_DEBT", null, e.debt(), e.occurredAt());
        }
    }

    private void add(CloudEvent envelope, UUID customerId, String kind, String campaign, long points, Instant at) {
        if (customerId == null) {
            throw new PoisonEventException("loyalty event " + envelope.getId() + " names no customer", null);
        }
        Instant occurred = at != null ? at : envelope.getTime().toInstant();
        risks.liveTarget(customerId).ifPresent(live -> {
            if (risks.addLoyaltyFact(UUID.fromString(envelope.getId()), live, kind, campaign, points, occurred)) {
                touched.get().add(live);
            }
        });
    }

    private void markTouched() {
        Set<UUID> ids = touched.get();
        try {
            risks.markDirtyWithPeers(List.copyOf(ids), clock.instant(), properties.peerLimit());
        } finally {
            ids.clear();
        }
    }
}
