package com.crm.feedback.analytics;

import com.crm.contracts.Topics;
import com.crm.contracts.events.purchase.PurchaseRecorded;
import com.crm.contracts.events.segmentation.LifecycleStageChanged;
import com.crm.contracts.events.segmentation.TierChanged;
import com.crm.support.consumer.CrmConsumerAutoConfiguration;
import com.crm.support.consumer.CrmEventHandlers;
import com.crm.support.consumer.IdempotentEventProcessor;
import java.util.List;
import java.sql.Timestamp;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Local projections for analytics: each customer's tier and lifecycle stage (crm.segmentation.v1, newest change
 * wins, so re-ordered events do not roll it back) and purchases (crm.purchase.v1). Each event applies once.
 */
@Component
class AnalyticsEventsConsumer {

    static final String SEGMENTS = "feedback-customer-segments";
    static final String PURCHASES = "feedback-purchases";

    private final IdempotentEventProcessor processor;
    private final JdbcClient jdbc;
    private final CrmEventHandlers segmentHandlers;
    private final CrmEventHandlers purchaseHandlers;

    AnalyticsEventsConsumer(IdempotentEventProcessor processor, JdbcClient jdbc) {
        this.processor = processor;
        this.jdbc = jdbc;
        this.segmentHandlers = CrmEventHandlers.builder()
                .onWithEnvelope(TierChanged.class, (e, env) -> tier(e, at(e.changedAt(), env)))
                .onWithEnvelope(LifecycleStageChanged.class, (e, env) -> stage(e, at(e.changedAt(), env)))
                .build();
        this.purchaseHandlers = CrmEventHandlers.builder().on(PurchaseRecorded.class, this::purchase).build();
    }

    @KafkaListener(topics = Topics.SEGMENTATION, containerFactory = CrmConsumerAutoConfiguration.BATCH_CONTAINER_FACTORY)
    void onSegmentation(List<ConsumerRecord<String, byte[]>> records) {
        processor.processBatch(SEGMENTS, records, segmentHandlers);
    }

    @KafkaListener(topics = Topics.PURCHASE, containerFactory = CrmConsumerAutoConfiguration.BATCH_CONTAINER_FACTORY)
    void onPurchase(List<ConsumerRecord<String, byte[]>> records) {
        processor.processBatch(PURCHASES, records, purchaseHandlers);
    }

    private static Instant at(Instant changedAt, io.cloudevents.CloudEvent envelope) {
        if (changedAt != null) {
            return changedAt;
        }
        return envelope.getTime() == null ? Instant.now() : envelope.getTime().toInstant();
    }

    private void tier(TierChanged e, Instant at) {
        jdbc.sql("""
                insert into customer_segment (customer_id, tier, tier_changed_at) values (:c, :t, :at)
                on conflict (customer_id) do update set tier = excluded.tier, tier_changed_at = excluded.tier_changed_at
                where customer_segment.tier_changed_at is null or customer_segment.tier_changed_at <= excluded.tier_changed_at""")
                .param("c", e.customerId()).param("t", e.to()).param("at", Timestamp.from(at)).update();
    }

    private void stage(LifecycleStageChanged e, Instant at) {
        jdbc.sql("""
                insert into customer_segment (customer_id, stage, stage_changed_at) values (:c, :s, :at)
                on conflict (customer_id) do update set stage = excluded.stage, stage_changed_at = excluded.stage_changed_at
                where customer_segment.stage_changed_at is null or customer_segment.stage_changed_at <= excluded.stage_changed_at""")
                .param("c", e.customerId()).param("s", e.to()).param("at", Timestamp.from(at)).update();
    }

    private void purchase(PurchaseRecorded e) {
        if (e.purchaseId() == null || e.occurredAt() == null) {
            return;
        }
        jdbc.sql("insert into purchase_fact (purchase_id, customer_id, occurred_at) values (:p, :c, :at) "
                        + "on conflict do nothing")
                .param("p", e.purchaseId()).param("c", e.customerId()).param("at", Timestamp.from(e.occurredAt()))
                .update();
    }
}
