package com.crm.feedback.analytics;

import com.crm.contracts.Topics;
import com.crm.contracts.events.purchase.PurchaseRecorded;
import com.crm.contracts.events.segmentation.LifecycleStageChanged;
import com.crm.contracts.events.segmentation.TierChanged;
import com.crm.support.consumer.CrmConsumerAutoConfiguration;
import com.crm.support.consumer.CrmEventHandlers;
import com.crm.support.consumer.IdempotentEventProcessor;
import io.cloudevents.CloudEvent;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
    private final CustomerFactsRepository facts;
    private final CrmEventHandlers segmentHandlers;
    private final CrmEventHandlers purchaseHandlers;

    AnalyticsEventsConsumer(IdempotentEventProcessor processor, CustomerFactsRepository facts) {
        this.processor = processor;
        this.facts = facts;
        this.segmentHandlers = CrmEventHandlers.builder()
                .onWithEnvelope(TierChanged.class, (e, env) -> tier(e, at(e.changedAt(), env)))
                .onWithEnvelope(LifecycleStageChanged.class, (e, env) -> stage(e, at(e.changedAt(), env)))
                .build();
        this.purchaseHandlers = CrmEventHandlers.builder()
                .on(PurchaseRecorded.class, this::purchase)
                .build();
    }

    @KafkaListener(
            topics = Topics.SEGMENTATION,
            containerFactory = CrmConsumerAutoConfiguration.BATCH_CONTAINER_FACTORY)
    void onSegmentation(List<ConsumerRecord<String, byte[]>> records) {
        processor.processBatch(SEGMENTS, records, segmentHandlers);
    }

    @KafkaListener(topics = Topics.PURCHASE, containerFactory = CrmConsumerAutoConfiguration.BATCH_CONTAINER_FACTORY)
    void onPurchase(List<ConsumerRecord<String, byte[]>> records) {
        processor.processBatch(PURCHASES, records, purchaseHandlers);
    }

    private static Instant at(Instant changedAt, CloudEvent envelope) {
        if (changedAt != null) {
            return changedAt;
        }
        return envelope.getTime() == null ? Instant.now() : envelope.getTime().toInstant();
    }

    private void tier(TierChanged e, Instant at) {
        facts.tier(e.customerId(), e.to(), at);
    }

    private void stage(LifecycleStageChanged e, Instant at) {
        facts.stage(e.customerId(), e.to(), at);
    }

    private void purchase(PurchaseRecorded e) {
        if (e.purchaseId() == null || e.occurredAt() == null) {
            return;
        }
        facts.purchase(e.purchaseId(), e.customerId(), e.occurredAt());
    }
}
