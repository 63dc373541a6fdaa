package com.crm.support.consumer;

import com.crm.contracts.cloudevents.CrmEventCodec;
import io.cloudevents.CloudEvent;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies a consumed CloudEvent at most once per consumer: the event id is recorded in {@code crm_processed_event}
 * in the same transaction as the handler's effect, so a redelivery after a crash or rebalance changes nothing.
 * A failing handler rolls both back and throws, for the container's error handler to retry or dead-letter.
 */
public class IdempotentEventProcessor {

    private static final Logger log = LoggerFactory.getLogger(IdempotentEventProcessor.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Duration retention;

    public IdempotentEventProcessor(JdbcClient jdbc, TransactionTemplate transactions, Duration retention) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.retention = retention;
    }

    /** Forgets processed event ids older than the retention ({@code crm.consumer.retention}, default 30 days). */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT2M")
    public int purgeProcessed() {
        int purged = jdbc.sql("delete from crm_processed_event where processed_at < now() - make_interval(secs => :secs)")
                .param("secs", retention.toSeconds())
                .update();
        if (purged > 0) {
            log.info("Purged {} processed event ids older than {}", purged, retention);
        }
        return purged;
    }

    /**
     * @param consumer a stable name of the consuming feature (e.g. {@code customer-projection}); each name
     *                 applies every event once
     * @return true when the handler ran, false for an ignored type, a tombstone or a duplicate
     */
    public boolean process(String consumer, ConsumerRecord<String, byte[]> record, CrmEventHandlers handlers) {
        if (record.value() == null) {
            return false;
        }
        CloudEvent event;
        try {
            event = CrmEventCodec.decode(record.value());
        } catch (RuntimeException e) {
            throw new PoisonEventException("message at " + record.topic() + "-" + record.partition() + "@"
                    + record.offset() + " is not a structured CloudEvent", e);
        }
        if (!handlers.handles(event.getType())) {
            log.debug("{} ignores event {} of type {}", consumer, event.getId(), event.getType());
            return false;
        }
        Boolean applied = transactions.execute(status -> {
            int fresh = jdbc.sql("""
                            insert into crm_processed_event (consumer, event_id, event_type)
                            values (:consumer, :id, :type) on conflict do nothing""")
                    .param("consumer", consumer)
                    .param("id", event.getId())
                    .param("type", event.getType())
                    .update();
            if (fresh == 0) {
                log.debug("{} already applied event {}", consumer, event.getId());
                return false;
            }
            handlers.dispatch(event);
            return true;
        });
        return Boolean.TRUE.equals(applied);
    }
}
