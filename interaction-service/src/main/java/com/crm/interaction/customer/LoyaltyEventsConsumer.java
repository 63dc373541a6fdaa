package com.crm.interaction.customer;

import com.crm.contracts.Topics;
import com.crm.contracts.events.loyalty.LevelChanged;
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
 * Keeps each customer's loyalty level ({@code crm.loyalty.level-changed}) in the customer projection, so communication
 * plans with a loyalty level list that level's members. Newest wins by the event's time; each event applies once.
 */
@Component
class LoyaltyEventsConsumer {

    static final String CONSUMER = "interaction-loyalty-level";
    /** The width of {@code customer_projection.loyalty_level} (and of a plan's level). */
    static final int MAX_LEVEL_LENGTH = 64;

    private final IdempotentEventProcessor processor;
    private final CustomerProjectionRepository customers;
    private final ApplicationEventPublisher publisher;
    private final CrmEventHandlers handlers;

    LoyaltyEventsConsumer(
            IdempotentEventProcessor processor,
            CustomerProjectionRepository customers,
            ApplicationEventPublisher publisher) {
        this.processor = processor;
        this.customers = customers;
        this.publisher = publisher;
        this.handlers = CrmEventHandlers.builder()
                .on(LevelChanged.class, e -> level(e.customerId(), e.to(), e.changedAt()))
                // each carries the member's current level: of several in a batch, the newest is enough
                .latestOnly(LevelChanged.class)
                .build();
    }

    @KafkaListener(topics = Topics.LOYALTY, containerFactory = CrmConsumerAutoConfiguration.BATCH_CONTAINER_FACTORY)
    void on(List<ConsumerRecord<String, byte[]>> records) {
        processor.processBatch(CONSUMER, records, handlers);
    }

    private void level(UUID customerId, String level, Instant at) {
        if (customerId == null
                || level == null
                || level.isBlank()
                || level.strip().length() > MAX_LEVEL_LENGTH) {
            throw new PoisonEventException(
                    "a level event needs a customerId and a level of 1 to " + MAX_LEVEL_LENGTH + " characters", null);
        }
        String value = level.strip();
        if (customers.setLoyaltyLevel(customerId, value, at == null ? Instant.now() : at)) {
            publisher.publishEvent(new CustomerLoyaltyLevelChanged(customerId, value));
        }
    }
}
