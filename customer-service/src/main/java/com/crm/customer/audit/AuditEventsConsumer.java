package com.crm.customer.audit;

import com.crm.contracts.Topics;
import com.crm.contracts.events.audit.AuditRecorded;
import com.crm.support.consumer.CrmConsumerAutoConfiguration;
import com.crm.support.consumer.CrmEventHandlers;
import com.crm.support.consumer.IdempotentEventProcessor;
import com.crm.support.consumer.PoisonEventException;
import io.cloudevents.CloudEvent;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Appends every service's {@code crm.audit.recorded} to the audit log, once each (its id is the entry's id). */
@Component
class AuditEventsConsumer {

    static final String CONSUMER = "customer-audit-log";

    private final IdempotentEventProcessor processor;
    private final AuditRepository entries;
    private final CrmEventHandlers handlers;

    AuditEventsConsumer(IdempotentEventProcessor processor, AuditRepository entries) {
        this.processor = processor;
        this.entries = entries;
        this.handlers = CrmEventHandlers.builder()
                .onWithEnvelope(AuditRecorded.class, this::append)
                .build();
    }

    @KafkaListener(topics = Topics.AUDIT, containerFactory = CrmConsumerAutoConfiguration.BATCH_CONTAINER_FACTORY)
    void on(List<ConsumerRecord<String, byte[]>> records) {
        processor.processBatch(CONSUMER, records, handlers);
    }

    private void append(AuditRecorded e, CloudEvent envelope) {
        if (e.actorId() == null || e.action() == null || e.subjectType() == null) {
            throw new PoisonEventException(
                    "audit event " + envelope.getId() + " lacks actor, action or subject type", null);
        }
        entries.append(new AuditEntry(
                UUID.fromString(envelope.getId()),
                e.occurredAt() != null ? e.occurredAt() : envelope.getTime().toInstant(),
                envelope.getSource().getPath().replaceFirst("^/crm/", ""),
                e.actorId(),
                e.actorKind() == null ? "UNKNOWN" : e.actorKind(),
                e.actorRole(),
                e.action(),
                e.subjectType(),
                e.subjectId(),
                e.customerId(),
                e.requestId(),
                e.details()));
    }
}
