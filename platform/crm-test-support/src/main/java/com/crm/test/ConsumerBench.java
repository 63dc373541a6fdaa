package com.crm.test;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.cloudevents.CrmEventCodec;
import com.crm.contracts.events.interaction.InteractionRecorded;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

/**
 * What the services' opt-in consumer benchmarks share (issue #16): a backlog put straight on the topics as the outbox
 * relays would (structured CloudEvents from the contracts' codec, keyed by customer id, idempotent lz4 producer), and
 * the consumer groups' committed offsets polled (AdminClient, every 100 ms) to tell when each topic's records are all
 * applied. Also the machine's load and the CPU time of this JVM and of the test database's server processes, read
 * from {@code /proc} (Linux; "unknown" elsewhere or when the database runs in a container).
 */
public final class ConsumerBench {

    /** Clock ticks per second of {@code /proc/<pid>/stat} times ({@code getconf CLK_TCK}: 100 on Linux). */
    private static final double TICKS_PER_SECOND = 100.0;

    private final Map<String, List<ProducerRecord<String, byte[]>>> backlog = new LinkedHashMap<>();

    /** Adds an event to the backlog of its topic, dated {@code at} (the envelope's time); @return it as sent */
    public CrmEventCodec.EncodedEvent add(CrmEventCodec codec, CrmEvent event, Instant at) {
        CrmEventCodec.EncodedEvent e = codec.encode(event, at, Map.of());
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(e.topic(), e.key(), e.payload());
        record.headers().add("content-type", CrmEventCodec.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        backlog.computeIfAbsent(e.topic(), t -> new ArrayList<>()).add(record);
        return e;
    }

    /** The topics with a backlog, in the order their first event was added. */
    public List<String> topics() {
        return List.copyOf(backlog.keySet());
    }

    public int events(String topic) {
        return backlog.getOrDefault(topic, List.of()).size();
    }

    public int events() {
        return backlog.values().stream().mapToInt(List::size).sum();
    }

    /**
     * Prints what a side-by-side drain did: a {@code BENCH <what>: N = ...} line, then each topic's events and the
     * seconds until they were applied ({@code applied}, from {@link #awaitCommitted}).
     */
    public void printApplied(String what, int customers, double sentSeconds, Map<String, Double> applied) {
        System.out.printf(
                Locale.ROOT,
                "BENCH %s: N = %,d customers, %,d events sent in %.1f s (%d cores, load average %s)%n",
                what,
                customers,
                events(),
                sentSeconds,
                Runtime.getRuntime().availableProcessors(),
                loadAverage());
        for (String topic : topics()) {
            int events = events(topic);
            System.out.printf(
                    Locale.ROOT,
                    "BENCH %-20s %,9d events applied in %6.1f s: %,7.0f events/s%n",
                    topic,
                    events,
                    applied.get(topic),
                    events / applied.get(topic));
        }
    }

    /** Sends the backlog topic by topic, in the order added, and waits for every acknowledgement; @return seconds */
    public double send() throws Exception {
        return send(backlog.keySet());
    }

    /** Sends only these topics' backlog, as {@link #send()} does; @return seconds */
    public double send(Collection<String> topics) throws Exception {
        long start = System.nanoTime();
        Map<String, Object> config = new HashMap<>();
        config.put(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, CrmInfrastructure.get().kafkaBootstrap());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (String topic : topics) {
                backlog.getOrDefault(topic, List.of()).forEach(r -> sent.add(producer.send(r)));
            }
            producer.flush();
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Sends the whole backlog and waits until {@code group} has applied it: a warm-up, nothing reported. */
    public void sendAndAwait(Admin admin, String group, Duration atMost) throws Exception {
        long start = System.nanoTime();
        send();
        awaitCommitted(admin, group, endOffsets(admin, topics()), start, atMost);
    }

    /**
     * Each topic's backlog sent and applied by {@code group} before the next one's: each consumer's own rate with the
     * cores to itself. Prints a line {@code BENCH <topic> ...} per topic: events, seconds to send and to apply,
     * events/s and CPU per event of this JVM and of the PostgreSQL server of {@code postgresBackendPid}.
     */
    public void drainOneTopicAtATime(Admin admin, String group, List<String> topics, long postgresBackendPid)
            throws Exception {
        for (String topic : topics) {
            long jvmCpu = jvmCpuMillis();
            long pgCpu = postgresCpuMillis(postgresBackendPid);
            long start = System.nanoTime();
            double sent = send(List.of(topic));
            double done = awaitCommitted(admin, group, endOffsets(admin, List.of(topic)), start, Duration.ofMinutes(30))
                    .get(topic);
            int events = events(topic);
            System.out.printf(
                    Locale.ROOT,
                    "BENCH %-20s %,9d events sent in %4.1f s, applied in %6.1f s: %,7.0f events/s, CPU ms/event"
                            + " JVM %.3f + PostgreSQL %.3f (load average %s)%n",
                    topic,
                    events,
                    sent,
                    done,
                    events / done,
                    (jvmCpuMillis() - jvmCpu) / (double) events,
                    (postgresCpuMillis(postgresBackendPid) - pgCpu) / (double) events,
                    loadAverage());
        }
    }

    /** A resolved inbound phone inquiry of two minutes: the interaction every consumer benchmark puts on the topic. */
    public static InteractionRecorded interaction(UUID customerId, Instant at) {
        return new InteractionRecorded(
                customerId,
                UUID.randomUUID(),
                "PHONE",
                "INBOUND",
                "INQUIRY",
                "SERVICE",
                "RESOLVED",
                at,
                120,
                null,
                null,
                false,
                "bench",
                null,
                false);
    }

    /** An admin client of the test broker. */
    public static Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                CrmInfrastructure.get().kafkaBootstrap()));
    }

    /** The topics' end offsets now (after {@link #send}: where each group has to get to). */
    public static Map<TopicPartition, Long> endOffsets(Admin admin, Collection<String> topics) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(topics).allTopicNames().get().values().stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /**
     * Polls the group's committed offsets every 100 ms until it has committed {@code target} on every partition of
     * each topic; @return per topic, seconds from {@code startNanos} (a {@link System#nanoTime}) until it was done
     */
    public static Map<String, Double> awaitCommitted(
            Admin admin, String group, Map<TopicPartition, Long> target, long startNanos, Duration atMost) {
        List<String> topics =
                target.keySet().stream().map(TopicPartition::topic).distinct().toList();
        Map<String, Double> done = new LinkedHashMap<>();
        Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
            for (String topic : topics) {
                boolean applied = target.entrySet().stream()
                        .filter(e -> e.getKey().topic().equals(topic))
                        .allMatch(e -> committed.get(e.getKey()) != null
                                && committed.get(e.getKey()).offset() >= e.getValue());
                if (applied) {
                    done.putIfAbsent(topic, (System.nanoTime() - startNanos) / 1e9);
                }
            }
            return done.size() == topics.size();
        });
        return done;
    }

    /** {@code /proc/loadavg}: the 1, 5 and 15 minute load averages and more. */
    public static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** CPU milliseconds (user + system) this JVM has used so far; -1 when unknown. */
    public static long jvmCpuMillis() {
        long[] stat = stat(ProcessHandle.current().pid());
        return stat == null ? -1 : ticksToMillis(stat[1] + stat[2]);
    }

    /**
     * CPU milliseconds the PostgreSQL server has used so far: its postmaster, the children it has reaped and the live
     * ones (backends, writers). {@code backendPid} is any backend's ({@code select pg_backend_pid()}); -1 when not
     * readable here (a container, another host).
     */
    public static long postgresCpuMillis(long backendPid) {
        long[] backend = stat(backendPid);
        if (backend == null) {
            return -1;
        }
        long postmaster = backend[0];
        long[] main = stat(postmaster);
        if (main == null) {
            return -1;
        }
        long ticks = main[1] + main[2] + main[3] + main[4];
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                long[] child = stat(Long.parseLong(process.getFileName().toString()));
                if (child != null && child[0] == postmaster) {
                    ticks += child[1] + child[2] + child[3] + child[4];
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return ticksToMillis(ticks);
    }

    /** ppid, utime, stime, cutime, cstime of a process; null when it cannot be read. */
    private static long[] stat(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // fields after the command (which may hold spaces), from field 3 (state) on
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {
                Long.parseLong(f[1]),
                Long.parseLong(f[11]),
                Long.parseLong(f[12]),
                Long.parseLong(f[13]),
                Long.parseLong(f[14])
            };
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long ticksToMillis(long ticks) {
        return Math.round(ticks * 1000 / TICKS_PER_SECOND);
    }
}
