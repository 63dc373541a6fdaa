package com.crm.segmentation.loyalty;

import com.crm.contracts.Topics;
import com.crm.contracts.events.loyalty.CouponIssued;
import com.crm.contracts.events.loyalty.CouponRedeemed;
import com.crm.contracts.events.loyalty.LevelChanged;
import com.crm.contracts.events.loyalty.PointsEarned;
import com.crm.contracts.events.loyalty.PointsExpired;
import com.crm.contracts.events.loyalty.PointsRedeemed;
import com.crm.contracts.events.loyalty.PointsReversed;
import com.crm.segmentation.loyalty.LoyaltyRepository.Movement;
import com.crm.segmentation.segment.SegmentMembership;
import com.crm.support.consumer.CrmConsumerAutoConfiguration;
import com.crm.support.consumer.CrmEventHandlers;
import com.crm.support.consumer.IdempotentEventProcessor;
import com.crm.support.consumer.PoisonEventException;
import io.cloudevents.CloudEvent;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Loyalty as segmentation needs it (crm.loyalty.v1): each member's balance and level, which segment conditions test
 * ({@code pointsBalance}, {@code loyaltyLevel}), and every points movement by day, for the KPIs points liability and
 * redemption rate. Balances follow the order loyalty-service recorded them in (the envelope's time), not the time of
 * the purchase a movement is about. Each event applies once; the segments of each customer the batch touched are
 * refreshed once, in its transaction.
 */
@Component
class LoyaltyEventsConsumer {

    static final String CONSUMER = "segmentation-loyalty";

    private final IdempotentEventProcessor processor;
    private final LoyaltyRepository loyalty;
    private final SegmentMembership segments;
    private final CrmEventHandlers handlers;

    LoyaltyEventsConsumer(IdempotentEventProcessor processor, LoyaltyRepository loyalty, SegmentMembership segments) {
        this.processor = processor;
        this.loyalty = loyalty;
        this.segments = segments;
        this.handlers = CrmEventHandlers.builder()
                .onWithEnvelope(
                        PointsEarned.class,
                        (e, env) -> moved(e.customerId(), e.entryId(), e.balance(), env, Movement.EARNED, e.points()))
                .onWithEnvelope(
                        PointsRedeemed.class,
                        (e, env) ->
                                moved(e.customerId(), e.entryId(), e.balance(), env, Movement.REDEEMED, -e.points()))
                .onWithEnvelope(
                        PointsExpired.class,
                        (e, env) -> moved(e.customerId(), e.entryId(), e.balance(), env, Movement.EXPIRED, -e.points()))
                .onWithEnvelope(
                        PointsReversed.class,
                        (e, env) ->
                                moved(e.customerId(), e.entryId(), e.balance(), env, Movement.REVERSED, -e.points()))
                .onWithEnvelope(
                        LevelChanged.class,
                        (e, env) -> loyalty.level(required(e.customerId()), required(e.to()), recordedAt(env)))
                .onWithEnvelope(
                        CouponIssued.class,
                        (e, env) -> loyalty.couponIssued(
                                required(e.couponId()), required(e.customerId()), e.campaign(), at(e.issuedAt(), env)))
                .onWithEnvelope(
                        CouponRedeemed.class,
                        (e, env) -> loyalty.couponRedeemed(
                                required(e.couponId()),
                                required(e.customerId()),
                                e.campaign(),
                                at(e.redeemedAt(), env)))
                .afterBatch(this::refreshSegments)
                .build();
    }

    @KafkaListener(topics = Topics.LOYALTY, containerFactory = CrmConsumerAutoConfiguration.BATCH_CONTAINER_FACTORY)
    void on(List<ConsumerRecord<String, byte[]>> records) {
        processor.processBatch(CONSUMER, records, handlers);
    }

    private void moved(
            UUID customerId, UUID entryId, long balance, CloudEvent envelope, Movement kind, long signedPoints) {
        Instant at = recordedAt(envelope);
        loyalty.balance(required(customerId), balance, at);
        if (entryId != null && signedPoints != 0) {
            loyalty.movement(entryId, customerId, at, kind, signedPoints);
        }
    }

    private void refreshSegments(Set<String> customers) {
        segments.refreshCustomers(customers.stream().map(UUID::fromString).toList());
    }

    private static Instant at(Instant stated, CloudEvent envelope) {
        return stated != null ? stated : recordedAt(envelope);
    }

    private static Instant recordedAt(CloudEvent envelope) {
        return envelope.getTime() == null ? Instant.now() : envelope.getTime().toInstant();
    }

    private static <T> T required(T value) {
        if (value == null) {
            throw new PoisonEventException("a loyalty event needs a customerId (and a level for a level change)", null);
        }
        return value;
    }
}
