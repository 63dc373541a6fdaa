package com.crm.segmentation.risk;

import com.crm.contracts.Topics;
import com.crm.contracts.events.customer.CustomerErased;
import com.crm.contracts.events.customer.CustomerMerged;
import com.crm.contracts.events.customer.CustomerRiskCleared;
import com.crm.contracts.events.customer.CustomerRiskConfirmed;
import com.crm.support.consumer.CrmConsumerAutoConfiguration;
import com.crm.support.consumer.CrmEventHandlers;
import com.crm.support.consumer.IdempotentEventProcessor;
import com.crm.support.consumer.PoisonEventException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Fraud holds from crm.customer.v1: a confirmed risk holds the customer out of offers, a newer clearance lifts the
 * hold; merges carry a hold to the survivor, erasure forgets it. Its own consumer group, so that holds apply within
 * seconds however far behind the heavier customer projection is. Each event applies once.
 */
@Component
class RiskEventsConsumer {

    static final String CONSUMER = "segmentation-risk";

    private final IdempotentEventProcessor processor;
    private final RiskHoldRepository holds;
    private final CrmEventHandlers handlers;

    RiskEventsConsumer(IdempotentEventProcessor processor, RiskHoldRepository holds) {
        this.processor = processor;
        this.holds = holds;
        this.handlers = CrmEventHandlers.builder()
                .on(
                        CustomerRiskConfirmed.class,
                        e -> holds.decided(required(e.customerId()), true, e.reviewId(), required(e.decidedAt())))
                .on(
                        CustomerRiskCleared.class,
                        e -> holds.decided(required(e.customerId()), false, e.reviewId(), required(e.decidedAt())))
                .on(CustomerMerged.class, this::merged)
                .on(CustomerErased.class, e -> holds.erased(required(e.customerId())))
                .build();
    }

    @KafkaListener(
            id = CONSUMER,
            groupId = "${spring.application.name}-risk",
            topics = Topics.CUSTOMER,
            containerFactory = CrmConsumerAutoConfiguration.BATCH_CONTAINER_FACTORY)
    void on(List<ConsumerRecord<String, byte[]>> records) {
        processor.processBatch(CONSUMER, records, handlers);
    }

    private void merged(CustomerMerged e) {
        if (e.customerId() == null || e.mergedIds() == null) {
            return;
        }
        List<UUID> merged = e.mergedIds().stream()
                .filter(id -> id != null && !id.equals(e.customerId()))
                .toList();
        holds.merged(e.customerId(), merged, e.mergedAt() == null ? Instant.EPOCH : e.mergedAt());
    }

    private static <T> T required(T value) {
        if (value == null) {
            throw new PoisonEventException("a risk decision needs a customerId and decidedAt", null);
        }
        return value;
    }
}
