package com.crm.support.outbox;

import com.crm.contracts.cloudevents.CrmEventCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends pending outbox events to Kafka in commit order and marks them published once the broker has
 * acknowledged them; what fails stays pending and is retried on the next round, so nothing is lost while
 * Kafka is down. Delivery is at least once: consumers de-duplicate by event id.
 *
 * <p>Order per key: every key falls in one of {@value #BUCKETS} fixed buckets (a hash of the key), and a bucket's
 * events are relayed by one relay at a time per database (an advisory lock per bucket), in {@code seq} order. The
 * buckets are shared among {@code crm.outbox.lanes} lanes relayed in parallel; since a bucket never depends on the
 * lane count, replicas with different counts (a rolling change) still never relay one key from two places at once.
 * Relays of the single-lock version before the buckets are excluded too (they hold {@link #LOCK_ID} exclusively,
 * every bucket relay holds it shared).
 */
public class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    /** Advisory lock id: the outbox's own, any constant distinct from other advisory locks of the service. */
    private static final long LOCK_ID = 0x6372_6d5f_6f75_7462L;
    /** How many fixed parts the keys are hashed into: the most lanes there can be. Never change it. */
    static final int BUCKETS = 64;

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
        if (properties.lanes() == 1) {
            relayLane(0);
            return;
        }
        try (ExecutorService lanes = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int lane = 0; lane < properties.lanes(); lane++) {
                int current = lane;
                lanes.submit(() -> relayLane(current));
            }
        }
    }

    private void relayLane(int lane) {
        try {
            // a full round means more is waiting: keep going instead of idling until the next tick
            int sent;
            do {
                sent = relay(lane);
            } while (sent == properties.batchSize());
        } catch (RuntimeException e) {
            log.warn("Outbox relay round of lane {} failed; pending events stay queued: {}", lane, e.toString());
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

    /** One round over every lane, one after the other. @return how many events were published */
    public int relay() {
        int published = 0;
        for (int lane = 0; lane < properties.lanes(); lane++) {
            published += relay(lane);
        }
        return published;
    }

    /** @return how many events of this lane were published in this round */
    int relay(int lane) {
        Integer published = transactions.execute(status -> {
            boolean shared = jdbc.sql("select pg_try_advisory_xact_lock_shared(:id)")
                    .param("id", LOCK_ID)
                    .query(Boolean.class)
                    .single();
            if (!shared) {
                return 0;
            }
            List<Integer> locked = jdbc.sql("""
                            select b from unnest(cast(:buckets as int[])) b
                            where pg_try_advisory_xact_lock(:base + b)""")
                    .param("buckets", new SqlArrayValue("int", bucketsOf(lane).toArray()))
                    .param("base", LOCK_ID + 1)
                    .query(Integer.class)
                    .list();
            return locked.isEmpty() ? 0 : relayLocked(locked);
        });
        return published == null ? 0 : published;
    }

    private List<Integer> bucketsOf(int lane) {
        List<Integer> buckets = new ArrayList<>();
        for (int b = lane; b < BUCKETS; b += properties.lanes()) {
            buckets.add(b);
        }
        return buckets;
    }

    /** Events not yet acknowledged by the broker. */
    public long pending() {
        return jdbc.sql("select count(*) from crm_outbox where published_at is null")
                .query(Long.class)
                .single();
    }

    private int relayLocked(List<Integer> buckets) {
        List<Pending> batch = (buckets.size() == BUCKETS ? pendingOfAll() : pendingOf(buckets))
                .param("limit", properties.batchSize())
                .query((rs, n) -> new Pending(
                        rs.getLong("seq"), rs.getString("topic"), rs.getString("message_key"), rs.getBytes("payload")))
                .list();
        if (batch.isEmpty()) {
            return 0;
        }
        // The producer fails a record whose topic's metadata it cannot get in time without throwing, and may then
        // send the next record of the same key once the metadata has come (a topic being created): the key's events
        // would leave out of order. So the round starts only once every topic's partitions are known.
        for (String topic : batch.stream().map(Pending::topic).distinct().toList()) {
            try {
                kafka.partitionsFor(topic);
            } catch (RuntimeException e) {
                log.warn("Outbox: no metadata for {} yet, events stay pending: {}", topic, e.toString());
                jdbc.sql("update crm_outbox set attempts = attempts + 1, last_error = :error where seq = any(:seqs)")
                        .param("error", truncate(e.toString()))
                        .param(
                                "seqs",
                                new SqlArrayValue(
                                        "bigint",
                                        batch.stream().map(Pending::seq).toArray()))
                        .update();
                return 0;
            }
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
            jdbc.sql("update crm_outbox set published_at = now(), attempts = attempts + 1 where seq = any(:seqs)")
                    .param("seqs", new SqlArrayValue("bigint", acknowledged.toArray()))
                    .update();
        }
        if (failure != null) {
            long firstUnsent =
                    inFlight.size() < batch.size() ? batch.get(inFlight.size()).seq() : -1;
            if (firstUnsent >= 0) {
                failed.add(firstUnsent);
            }
            jdbc.sql("update crm_outbox set attempts = attempts + 1, last_error = :error where seq = any(:seqs)")
                    .param("error", truncate(failure))
                    .param("seqs", new SqlArrayValue("bigint", failed.toArray()))
                    .update();
            log.warn(
                    "Outbox: {} of {} events acknowledged, the rest stay pending: {}",
                    acknowledged.size(),
                    batch.size(),
                    failure);
        }
        return acknowledged.size();
    }

    private JdbcClient.StatementSpec pendingOfAll() {
        return jdbc.sql("""
                select seq, event_id, topic, message_key, payload from crm_outbox
                where published_at is null order by seq limit :limit""");
    }

    private JdbcClient.StatementSpec pendingOf(List<Integer> buckets) {
        // The planner cannot estimate the bucket condition and would read every pending row, then sort them, on each
        // round; walking the pending index in order and stopping at the limit reads about lanes x limit rows.
        jdbc.sql("set local enable_bitmapscan = off").update();
        jdbc.sql("set local enable_sort = off").update();
        // a key's bucket: its hash, made non-negative without abs() (which overflows on the smallest int), modulo
        // BUCKETS (64)
        return jdbc.sql("""
                        select seq, event_id, topic, message_key, payload from crm_outbox
                        where published_at is null
                          and (hashtext(coalesce(message_key, '')) & 2147483647) % 64 = any(cast(:buckets as int[]))
                        order by seq limit :limit""").param("buckets", new SqlArrayValue("int", buckets.toArray()));
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
