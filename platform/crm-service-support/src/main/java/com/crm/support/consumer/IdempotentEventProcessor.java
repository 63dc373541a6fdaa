package com.crm.support.consumer;

import com.crm.contracts.cloudevents.CrmEventCodec;
import com.crm.support.consumer.ConsumerMetrics.Outcome;
import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies consumed CloudEvents at most once per consumer: the event ids are recorded in {@code crm_processed_event}
 * in the same transaction as the handlers' effects, so a redelivery after a crash or rebalance changes nothing.
 *
 * <p>A batch ({@link #processBatch}) is applied in one transaction with its ids recorded by one statement. When a
 * record fails, that transaction rolls back, the records before it are applied again in a new one (they succeeded
 * once, and nothing of them was kept), and the failure is reported for that record alone
 * ({@link BatchListenerFailedException}): the container commits what came before, retries the failing record with
 * back-off and at last parks it on {@code <topic>.dlt}, then goes on with the records after it. One customer's events
 * thus keep their order, and no record of the batch is lost or applied twice.
 */
public class IdempotentEventProcessor {

    private static final Logger log = LoggerFactory.getLogger(IdempotentEventProcessor.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Duration retention;
    private final ConsumerMetrics metrics;

    public IdempotentEventProcessor(JdbcClient jdbc, TransactionTemplate transactions, Duration retention) {
        this(jdbc, transactions, retention, null, Clock.systemUTC());
    }

    public IdempotentEventProcessor(
            JdbcClient jdbc, TransactionTemplate transactions, Duration retention, MeterRegistry meters, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.retention = retention;
        this.metrics = new ConsumerMetrics(meters, clock);
    }

    /** Forgets processed event ids older than the retention ({@code crm.consumer.retention}, default 30 days). */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT2M")
    public int purgeProcessed() {
        int purged = jdbc.sql(
                        "delete from crm_processed_event where processed_at < now() - make_interval(secs => :secs)")
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
        handlers.starting();
        CloudEvent event = decode(record);
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
            handlers.completed(event.getSubject() == null ? Set.of() : Set.of(event.getSubject()));
            return true;
        });
        if (Boolean.TRUE.equals(applied)) {
            metrics.applied(record.topic(), consumer, event);
            metrics.visible(record.topic(), consumer, List.of(event));
            metrics.count(record.topic(), consumer, Outcome.APPLIED, 1);
        } else {
            metrics.count(record.topic(), consumer, Outcome.DUPLICATE, 1);
        }
        return Boolean.TRUE.equals(applied);
    }

    /**
     * Applies a batch of records (one topic, in partition order) in one transaction.
     *
     * @return how many events the handlers applied (not counting duplicates, superseded snapshots, ignored types)
     * @throws BatchListenerFailedException naming the first record that could not be applied; everything before it
     *                                      is applied and committed
     */
    public int processBatch(String consumer, List<ConsumerRecord<String, byte[]>> records, CrmEventHandlers handlers) {
        handlers.starting();
        List<CloudEvent> events = new ArrayList<>(records.size());
        PoisonEventException undecodable = null;
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                events.add(record.value() == null ? null : decode(record));
            } catch (PoisonEventException e) {
                undecodable = e;
                break;
            }
        }
        int applied;
        try {
            applied = applyAll(consumer, records, events, events.size(), handlers);
        } catch (RecordFailedException failed) {
            applyBefore(consumer, records, events, failed.index, handlers);
            throw failedAt(records, failed.index, failed.getCause());
        } catch (BatchHookFailedException e) {
            // the per-batch work failed for one of the batch's customers: find which record it is, one at a time
            applied = oneByOne(consumer, records, events.size(), handlers);
        } catch (RuntimeException e) {
            // not one record's fault (the database is away): retry the batch from its start
            throw failedAt(records, 0, e);
        }
        if (undecodable != null) {
            throw failedAt(records, events.size(), undecodable);
        }
        return applied;
    }

    private int oneByOne(
            String consumer, List<ConsumerRecord<String, byte[]>> records, int end, CrmEventHandlers handlers) {
        int applied = 0;
        for (int i = 0; i < end; i++) {
            try {
                applied += process(consumer, records.get(i), handlers) ? 1 : 0;
            } catch (RuntimeException e) {
                throw failedAt(records, i, e);
            }
        }
        return applied;
    }

    private void applyBefore(
            String consumer,
            List<ConsumerRecord<String, byte[]>> records,
            List<CloudEvent> events,
            int end,
            CrmEventHandlers handlers) {
        if (end == 0) {
            return;
        }
        try {
            applyAll(consumer, records, events, end, handlers);
        } catch (RecordFailedException again) {
            throw failedAt(records, again.index, again.getCause());
        } catch (RuntimeException e) {
            throw failedAt(records, 0, e);
        }
    }

    private int applyAll(
            String consumer,
            List<ConsumerRecord<String, byte[]>> records,
            List<CloudEvent> events,
            int end,
            CrmEventHandlers handlers) {
        List<Integer> wanted = new ArrayList<>();
        for (int i = 0; i < end; i++) {
            if (events.get(i) != null && handlers.handles(events.get(i).getType())) {
                wanted.add(i);
            }
        }
        if (wanted.isEmpty()) {
            return 0;
        }
        Set<Integer> superseded = superseded(events, wanted, handlers);
        // one listener may take several topics: outcomes and freshness are told per topic
        Map<String, int[]> counts = new HashMap<>();
        Map<String, CloudEvent> newest = new HashMap<>();
        Map<String, List<CloudEvent>> visible = new HashMap<>();
        transactions.executeWithoutResult(status -> {
            counts.clear();
            newest.clear();
            visible.clear();
            Set<String> fresh =
                    recordProcessed(consumer, wanted.stream().map(events::get).toList());
            Set<String> subjects = new LinkedHashSet<>();
            for (int i : wanted) {
                CloudEvent event = events.get(i);
                int[] tally = counts.computeIfAbsent(records.get(i).topic(), t -> new int[Outcome.values().length]);
                if (!fresh.remove(event.getId())) {
                    tally[Outcome.DUPLICATE.ordinal()]++;
                } else if (superseded.contains(i)) {
                    tally[Outcome.SUPERSEDED.ordinal()]++;
                } else {
                    try {
                        handlers.dispatch(event);
                    } catch (RuntimeException e) {
                        throw new RecordFailedException(i, e);
                    }
                    tally[Outcome.APPLIED.ordinal()]++;
                    newest.put(records.get(i).topic(), event);
                    visible.computeIfAbsent(records.get(i).topic(), t -> new ArrayList<>())
                            .add(event);
                    if (event.getSubject() != null) {
                        subjects.add(event.getSubject());
                    }
                }
            }
            try {
                handlers.completed(subjects);
            } catch (RuntimeException e) {
                throw new BatchHookFailedException(e);
            }
        });
        int applied = 0;
        for (Map.Entry<String, int[]> topic : counts.entrySet()) {
            for (Outcome outcome : Outcome.values()) {
                metrics.count(topic.getKey(), consumer, outcome, topic.getValue()[outcome.ordinal()]);
            }
            applied += topic.getValue()[Outcome.APPLIED.ordinal()];
        }
        newest.forEach((topic, event) -> metrics.applied(topic, consumer, event));
        visible.forEach((topic, ofTopic) -> metrics.visible(topic, consumer, ofTopic));
        return applied;
    }

    /** Of several snapshots of one subject in the batch, all but the newest (the last in partition order). */
    static Set<Integer> superseded(List<CloudEvent> events, List<Integer> wanted, CrmEventHandlers handlers) {
        Map<String, Integer> last = new HashMap<>();
        Set<Integer> superseded = new HashSet<>();
        for (int i : wanted) {
            CloudEvent event = events.get(i);
            if (event.getSubject() != null && handlers.latestOnly(event.getType())) {
                Integer previous = last.put(event.getType() + '\0' + event.getSubject(), i);
                if (previous != null) {
                    superseded.add(previous);
                }
            }
        }
        return superseded;
    }

    /** Records the ids in one statement; returns those not recorded before (a duplicate's second copy is not). */
    private Set<String> recordProcessed(String consumer, List<CloudEvent> events) {
        String[] ids = events.stream().map(CloudEvent::getId).toArray(String[]::new);
        String[] types = events.stream().map(CloudEvent::getType).toArray(String[]::new);
        return new HashSet<>(jdbc.sql("""
                        insert into crm_processed_event (consumer, event_id, event_type)
                        select :consumer, id, type from unnest(:ids, :types) as e(id, type)
                        on conflict do nothing
                        returning event_id""")
                .param("consumer", consumer)
                .param("ids", new SqlArrayValue("text", (Object[]) ids))
                .param("types", new SqlArrayValue("text", (Object[]) types))
                .query(String.class)
                .list());
    }

    private static CloudEvent decode(ConsumerRecord<String, byte[]> record) {
        try {
            return CrmEventCodec.decode(record.value());
        } catch (RuntimeException e) {
            throw new PoisonEventException(
                    "message at " + record.topic() + "-" + record.partition() + "@" + record.offset()
                            + " is not a structured CloudEvent",
                    e);
        }
    }

    private static BatchListenerFailedException failedAt(
            List<ConsumerRecord<String, byte[]>> records, int index, Throwable cause) {
        ConsumerRecord<String, byte[]> record = records.get(index);
        return new BatchListenerFailedException(
                "record " + record.topic() + "-" + record.partition() + "@" + record.offset() + " failed: "
                        + cause.getMessage(),
                cause,
                index);
    }

    /** The batch's per-customer work failed: which record it belongs to is not known yet. */
    private static final class BatchHookFailedException extends RuntimeException {
        BatchHookFailedException(RuntimeException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    /** One record's handler failed: carries its index out of the transaction, which rolls back. */
    private static final class RecordFailedException extends RuntimeException {
        private final int index;

        RecordFailedException(int index, RuntimeException cause) {
            super(cause.getMessage(), cause, false, false);
            this.index = index;
        }
    }
}
