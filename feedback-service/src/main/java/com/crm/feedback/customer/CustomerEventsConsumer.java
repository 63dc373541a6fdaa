package com.crm.feedback.customer;

import com.crm.contracts.Topics;
import com.crm.contracts.events.customer.CustomerDeleted;
import com.crm.contracts.events.customer.CustomerErased;
import com.crm.contracts.events.customer.CustomerMerged;
import com.crm.support.consumer.CrmConsumerAutoConfiguration;
import com.crm.support.consumer.CrmEventHandlers;
import com.crm.support.consumer.IdempotentEventProcessor;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * What feedback-service does about customers (crm.customer.v1): a merge moves responses, invitations, complaints
 * and purchases to the survivor; erasure purges free text (TEXT answers, complaint descriptions and resolutions)
 * and withdraws unsent invitations, keeping scores and counts as anonymous aggregates; a deleted customer gets no
 * more invitations. Each event applies once.
 */
@Component
class CustomerEventsConsumer {

    static final String CONSUMER = "feedback-customer-lifecycle";
    static final String ERASED = "[erased]";

    private final IdempotentEventProcessor processor;
    private final JdbcClient jdbc;
    private final CrmEventHandlers handlers;

    CustomerEventsConsumer(IdempotentEventProcessor processor, JdbcClient jdbc) {
        this.processor = processor;
        this.jdbc = jdbc;
        this.handlers = CrmEventHandlers.builder()
                .on(CustomerMerged.class, this::merged)
                .on(CustomerErased.class, e -> erased(e.customerId()))
                .on(CustomerDeleted.class, e -> withdrawInvitations(e.customerId(), "customer deleted"))
                .build();
    }

    @KafkaListener(topics = Topics.CUSTOMER, containerFactory = CrmConsumerAutoConfiguration.BATCH_CONTAINER_FACTORY)
    void on(List<ConsumerRecord<String, byte[]>> records) {
        processor.processBatch(CONSUMER, records, handlers);
    }

    private void merged(CustomerMerged e) {
        List<UUID> merged = e.mergedIds() == null ? List.of()
                : e.mergedIds().stream().filter(id -> !id.equals(e.customerId())).toList();
        for (UUID id : merged) {
            for (String table : List.of("survey_response", "invitation", "complaint", "purchase_fact")) {
                jdbc.sql("update " + table + " set customer_id = :survivor where customer_id = :merged")
                        .param("survivor", e.customerId()).param("merged", id).update();
            }
            jdbc.sql("delete from customer_segment where customer_id = :merged").param("merged", id).update();
        }
    }

    private void erased(UUID customer) {
        jdbc.sql("""
                update survey_response r set answers = coalesce((
                    select jsonb_object_agg(a.key, a.value) from jsonb_each(r.answers) a
                    where not exists (
                        select 1 from survey_version v, jsonb_array_elements(v.questions) q
                        where v.survey_id = r.survey_id and v.version = r.survey_version
                          and q->>'id' = a.key and q->>'type' = 'TEXT')), '{}'::jsonb)
                where r.customer_id = :c""").param("c", customer).update();
        jdbc.sql("""
                update complaint set description = :erased,
                    resolution = case when resolution is null then null else :erased end
                where customer_id = :c""").param("erased", ERASED).param("c", customer).update();
        withdrawInvitations(customer, "customer erased");
        jdbc.sql("update invitation set pending_token = null where customer_id = :c").param("c", customer).update();
    }

    private void withdrawInvitations(UUID customer, String reason) {
        jdbc.sql("""
                update invitation set status = 'SUPPRESSED', status_reason = :reason, next_attempt_at = null,
                    pending_token = null
                where customer_id = :c and status in ('PENDING', 'DEFERRED')""")
                .param("reason", reason).param("c", customer).update();
    }
}
