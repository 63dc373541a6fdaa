package com.crm.loyalty.earning;

import com.crm.contracts.Topics;
import com.crm.contracts.events.customer.CustomerErased;
import com.crm.contracts.events.customer.CustomerLinked;
import com.crm.contracts.events.feedback.ResponseReceived;
import com.crm.contracts.events.purchase.PurchaseRecorded;
import com.crm.contracts.events.purchase.PurchaseRefunded;
import com.crm.support.consumer.CrmConsumerAutoConfiguration;
import com.crm.support.consumer.CrmEventHandlers;
import com.crm.support.consumer.IdempotentEventProcessor;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Points from crm.purchase.v1 (purchases accrue, refunds reverse), crm.feedback.v1 (answered surveys) and
 * crm.customer.v1 (customers brought in). Each batch
 * applies in one transaction, each event once; a poison event goes to the topic's dead letters.
 */
@Component
class EarningEventsConsumer {

    static final String PURCHASES = "loyalty-purchases";
    static final String FEEDBACK = "loyalty-feedback";
    static final String REFERRALS = "loyalty-referrals";

    private final IdempotentEventProcessor processor;
    private final CrmEventHandlers purchaseHandlers;
    private final CrmEventHandlers feedbackHandlers;
    private final CrmEventHandlers referralHandlers;

    EarningEventsConsumer(IdempotentEventProcessor processor, Accruals accruals) {
        this.processor = processor;
        // purchases are queued and applied together at the end of the batch (or before a refund of the batch)
        this.purchaseHandlers = CrmEventHandlers.builder()
                .beforeBatch(accruals::beginBatch)
                .on(PurchaseRecorded.class, accruals::purchased)
                .on(PurchaseRefunded.class, accruals::refunded)
                .afterBatch(subjects -> accruals.flush())
                .build();
        this.feedbackHandlers = CrmEventHandlers.builder()
                .on(ResponseReceived.class, accruals::responded)
                .build();
        this.referralHandlers = CrmEventHandlers.builder()
                .on(CustomerLinked.class, accruals::linked)
                .on(CustomerErased.class, e -> accruals.erased(e.customerId()))
                .build();
    }

    @KafkaListener(topics = Topics.PURCHASE, containerFactory = CrmConsumerAutoConfiguration.BATCH_CONTAINER_FACTORY)
    void onPurchase(List<ConsumerRecord<String, byte[]>> records) {
        processor.processBatch(PURCHASES, records, purchaseHandlers);
    }

    @KafkaListener(topics = Topics.FEEDBACK, containerFactory = CrmConsumerAutoConfiguration.BATCH_CONTAINER_FACTORY)
    void onFeedback(List<ConsumerRecord<String, byte[]>> records) {
        processor.processBatch(FEEDBACK, records, feedbackHandlers);
    }

    /** Referrals, in a consumer group of their own on crm.customer.v1: every other customer event is ignored. */
    @KafkaListener(
            id = REFERRALS,
            groupId = "${spring.application.name}-referrals",
            topics = Topics.CUSTOMER,
            containerFactory = CrmConsumerAutoConfiguration.BATCH_CONTAINER_FACTORY)
    void onCustomer(List<ConsumerRecord<String, byte[]>> records) {
        processor.processBatch(REFERRALS, records, referralHandlers);
    }
}
