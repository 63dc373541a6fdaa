package com.crm.interaction.customer;

import com.crm.contracts.Topics;
import com.crm.contracts.events.segmentation.CustomerValueScored;
import com.crm.contracts.events.segmentation.TierChanged;
import com.crm.support.consumer.CrmConsumerAutoConfiguration;
import com.crm.support.consumer.CrmEventHandlers;
import com.crm.support.consumer.IdempotentEventProcessor;
import com.crm.support.consumer.PoisonEventException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps each customer's value tier from {@code crm.segmentation.v1} ({@code crm.value.tier-changed} and the
 * {@code tier} of {@code crm.value.scored}) in the customer projection, so communication plans with a tier list
 * that tier's customers. Newest wins by the event's own time; each event applies once.
 */
@Component
class SegmentationEventsConsumer {

    static final String CONSUMER = "interaction-tier-projection";
    /** The width of {@code customer_projection.tier} (and of a plan's tier). */
    static final int MAX_TIER_LENGTH = 32;

    private final IdempotentEventProcessor processor;
    private final CustomerProjectionRepository customers;
    private final ApplicationEventPublisher publisher;
    private final CrmEventHandlers handlers;

    SegmentationEventsConsumer(
            IdempotentEventProcessor processor,
            CustomerProjectionRepository customers,
            ApplicationEventPublisher publisher) {
        this.processor = processor;
        this.customers = customers;
        this.publisher = publisher;
        this.handlers = CrmEventHandlers.builder()
                .on(TierChanged.class, e -> tier(e.customerId(), e.to(), e.changedAt()))
                // a score without a tier (not computed yet) says nothing about the tier
                .on(CustomerValueScored.class, e -> {
                    if (e.tier() != null) {
                        tier(e.customerId(), e.tier(), e.scoredAt());
                    }
                })
                // both carry the customer's current tier: of several in a batch, the newest of each is enough
                .latestOnly(TierChanged.class, CustomerValueScored.class)
                .build();
    }

    @KafkaListener(
            topics = Topics.SEGMENTATION,
            containerFactory = CrmConsumerAutoConfiguration.BATCH_CONTAINER_FACTORY)
    void on(List<ConsumerRecord<String, byte[]>> records) {
        processor.processBatch(CONSUMER, records, handlers);
    }

    private void tier(UUID customerId, String tier, Instant at) {
        if (customerId == null || tier == null || tier.isBlank() || tier.strip().length() > MAX_TIER_LENGTH) {
            // retrying cannot help: park it on the dead-letter topic at once
            throw new PoisonEventException(
                    "a tier event needs a customerId and a tier of 1 to " + MAX_TIER_LENGTH + " characters", null);
        }
        String value = tier.strip();
        if (customers.setTier(customerId, value, at == null ? Instant.now() : at)) {
            publisher.publishEvent(new CustomerTierChanged(customerId, value));
        }
    }
}
