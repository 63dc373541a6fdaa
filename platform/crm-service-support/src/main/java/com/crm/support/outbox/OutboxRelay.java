package com.crm.support.outbox;

import com.crm.contracts.cloudevents.CrmEventCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends pending outbox events to Kafka in commit order and marks them published once the broker has
 * acknowledged them; what fails stays pending and is retried on the next round, so nothing is lost while
 * Kafka is down. One relay per database at a time (an advisory lock), which keeps a key's events in order
 * even with several replicas. Delivery is at least once: consumers de-duplicate by event id.
 */
public class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    /** Advisory lock id: the outbox's own, any constant distinct from other advisory locks of the service. */
    private static final long LOCK_ID = 0x6372_6d5f_6f75_7462L;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final KafkaTemplate<String, byte[]> kafka;
    private final OutboxProperties properties;

    public OutboxRelay(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            KafkaTemplate<String, byte[]> kafka,
            OutboxProperties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.kafka = kafka;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${crm.outbox.poll-interval:200ms}")
    public void relayPending() {
        try {
            // a full round means more is waiting: keep going instead of idling until the next tick
            int sent;
            do {
                sent = relay();
            } while (sent == properties.batchSize());
        } catch (RuntimeException e) {
            log.warn("Outbox relay round failed; pending events stay queued: {}", e.toString());
        }
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    public void purgePublished() {
        int purged = jdbc.sql("delete from crm_outbox where published_at < now() - make_interval(secs => :secs)")
                .param("secs", properties.retention().toSeconds())
                .update();
        if (purged > 0) {
            log.info("Purged {} published outbox events older than {}", purged, properties.retention());
        }
    }

    /** @return how many events were published in this round */
    public int relay() {
        Integer published = transactions.execute(status -> {
            boolean locked = jdbc.sql("select pg_try_advisory_xact_lock(:id)")
                    .param("id", LOCK_ID)
                    .query(Boolean.class)
                    .single();
            return locked ? relayLocked() : 0;
        });
        return published == null ? 0 : published;
    }

    /** Events not yet acknowledged by the broker. */
    public long pending() {
        return jdbc.sql("select count(*) from crm_outbox where published_at is null")
                .query(Long.class)
                .single();
    }

    private int relayLocked() {
        List<Pending> batch = jdbc.sql("""
                        select seq, event_id, topic, message_key, payload from crm_outbox
                        where published_at is null order by seq limit :limit""")
                .param("limit", properties.batchSize())
                .query((rs, n) -> new Pending(
                        rs.getLong("seq"), rs.getString("topic"), rs.getString("message_key"), rs.getBytes("payload")))
                .list();
        if (batch.isEmpty()) {
            return 0;
        }
        Map<Pending, CompletableFuture<?>> inFlight = new LinkedHashMap<>();
        String failure = null;
        for (Pending event : batch) {
            try {
                inFlight.put(event, kafka.send(event.record()));
            } catch (RuntimeException e) {
                // typically the broker is unreachable (metadata timeout): later events would only wait the same
                failure = e.toString();
                break;
            }
        }
        List<Long> acknowledged = new ArrayList<>();
        List<Long> failed = new ArrayList<>();
        long deadline = System.nanoTime() + properties.sendTimeout().toNanos();
        for (Map.Entry<Pending, CompletableFuture<?>> entry : inFlight.entrySet()) {
            try {
                entry.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                acknowledged.add(entry.getKey().seq());
            } catch (ExecutionException | TimeoutException e) {
                failed.add(entry.getKey().seq());
                failure = (e instanceof ExecutionException ? e.getCause() : e).toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed.add(entry.getKey().seq());
                failure = "interrupted";
            }
        }
        if (!acknowledged.isEmpty()) {
            jdbc.sql("update crm_outbox set published_at = now(), attempts = attempts + 1 where seq in (:seqs)")
                    .param("seqs", acknowledged)
                    .update();
        }
        if (failure != null) {
            long firstUnsent =
                    inFlight.size() < batch.size() ? batch.get(inFlight.size()).seq() : -1;
            if (firstUnsent >= 0) {
                failed.add(firstUnsent);
            }
            jdbc.sql("update crm_outbox set attempts = attempts + 1, last_error = :error where seq in (:seqs)")
                    .param("error", truncate(failure))
                    .param("seqs", failed)
                    .update();
            log.warn(
                    "Outbox: {} of {} events acknowledged, the rest stay pending: {}",
                    acknowledged.size(),
                    batch.size(),
                    failure);
        }
        return acknowledged.size();
    }

    private static String truncate(String text) {
        return text.length() <= 1000 ? text : text.substring(0, 1000);
    }

    private record Pending(long seq, String topic, String key, byte[] payload) {
        ProducerRecord<String, byte[]> record() {
            var record = new ProducerRecord<>(topic, key, payload);
            record.headers().add("content-type", CrmEventCodec.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
            return record;
        }
    }
}
