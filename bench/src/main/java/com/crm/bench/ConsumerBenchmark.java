package com.crm.bench;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.cloudevents.CrmEventCodec;
import com.crm.contracts.cloudevents.CrmEventCodec.EncodedEvent;
import com.crm.contracts.events.customer.CustomerRegistered;
import com.crm.contracts.events.customer.CustomerSnapshot;
import com.crm.contracts.events.interaction.InteractionRecorded;
import com.crm.contracts.events.purchase.PurchaseRecorded;
import com.crm.contracts.events.segmentation.CustomerValueScored;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Each consumer's own ceiling: a backlog of the platform's events put straight on the topics (as the outbox relays
 * would: structured CloudEvents keyed by customer), then, per consumer group and topic, the time until it has applied
 * all of them. Run it against a stack holding only the service under test
 * ({@code ./run-local.sh --no-build --skip=...}), so that its consumers have the machine to themselves; with the
 * whole stack up it measures them side by side.
 */
final class ConsumerBenchmark {

    private final int customers;
    private final int purchasesPerCustomer;
    private final int interactionsPerCustomer;
    private final String kafka;
    private final Duration timeout;

    ConsumerBenchmark(Map<String, String> o) {
        customers = Integer.parseInt(o.getOrDefault("customers", "20000"));
        purchasesPerCustomer = Integer.parseInt(o.getOrDefault("purchases-per-customer", "10"));
        interactionsPerCustomer = Integer.parseInt(o.getOrDefault("interactions-per-customer", "2"));
        kafka = o.getOrDefault("kafka", "localhost:19092");
        timeout = Duration.parse(o.getOrDefault("timeout", "PT30M"));
    }

    void run() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            PipelineBenchmark.Offsets before = PipelineBenchmark.offsets(admin);
            long start = System.nanoTime();
            Map<String, Long> produced = produce();
            double producing = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "consumer benchmark: %s put on Kafka in %.1f s; waiting for every consumer group%n",
                    produced,
                    producing);
            Map<String, Double> done = new TreeMap<>();
            Map<String, Long> consumed = new TreeMap<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            long lastReport = 0;
            while (System.nanoTime() < deadline) {
                Thread.sleep(250);
                PipelineBenchmark.Offsets now = PipelineBenchmark.offsets(admin);
                double at = (System.nanoTime() - start) / 1e9;
                boolean waiting = false;
                for (Map.Entry<String, Long> entry : now.committed().entrySet()) {
                    String key = entry.getKey();
                    String topic = key.substring(key.indexOf(' ') + 1);
                    long ours = produced.getOrDefault(topic, 0L);
                    if (ours == 0) {
                        continue;
                    }
                    long moved = entry.getValue() - before.committed().getOrDefault(key, 0L);
                    consumed.put(key, moved);
                    if (moved >= ours && now.lag().getOrDefault(key, 0L) == 0) {
                        done.putIfAbsent(key, at);
                    } else if (moved > 0 || !before.committed().containsKey(key)) {
                        waiting = true;
                    }
                }
                if ((long) at / 10 != lastReport) {
                    lastReport = (long) at / 10;
                    System.out.printf(
                            Locale.ROOT,
                            "  +%.0fs: %d group-topic pairs done, consumed %s%n",
                            at,
                            done.size(),
                            consumed);
                }
                if (!waiting && !done.isEmpty()) {
                    break;
                }
            }
            System.out.printf(Locale.ROOT, "%-60s %10s %9s %12s%n", "group topic", "events", "seconds", "events/s");
            for (Map.Entry<String, Long> entry : consumed.entrySet()) {
                Double at = done.get(entry.getKey());
                System.out.printf(
                        Locale.ROOT,
                        "%-60s %,10d %9s %12s%n",
                        entry.getKey(),
                        entry.getValue(),
                        at == null ? "not done" : String.format(Locale.ROOT, "%.1f", at),
                        at == null ? "-" : String.format(Locale.ROOT, "%,.0f", entry.getValue() / at));
            }
        }
    }

    /** Registrations, then purchases, interactions and value scores of every customer; returns records per topic. */
    private Map<String, Long> produce() throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        CrmEventCodec customerService = new CrmEventCodec("/crm/customer-service");
        CrmEventCodec interactionService = new CrmEventCodec("/crm/interaction-service");
        CrmEventCodec segmentationService = new CrmEventCodec("/crm/segmentation-service");
        Map<String, Long> produced = new TreeMap<>();
        SplittableRandom random = new SplittableRandom(20261207L);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<UUID> ids = new ArrayList<>(customers);
        for (int i = 0; i < customers; i++) {
            ids.add(UUID.randomUUID());
        }
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (UUID id : ids) {
                send(producer, sent, produced, customerService, new CustomerRegistered(id, snapshot(id, now)), now);
            }
            for (UUID id : ids) {
                for (int p = 0; p < purchasesPerCustomer; p++) {
                    Instant at = now.minus(random.nextInt(1, 700), ChronoUnit.DAYS);
                    BigDecimal amount = BigDecimal.valueOf(random.nextInt(500, 50_000), 2);
                    send(
                            producer,
                            sent,
                            produced,
                            customerService,
                            new PurchaseRecorded(
                                    id,
                                    UUID.randomUUID(),
                                    "bench",
                                    "bench-" + UUID.randomUUID(),
                                    at,
                                    amount.toPlainString(),
                                    "CNY",
                                    1,
                                    "web",
                                    List.of()),
                            at);
                }
            }
            for (UUID id : ids) {
                for (int n = 0; n < interactionsPerCustomer; n++) {
                    Instant at = now.minus(random.nextInt(1, 300), ChronoUnit.DAYS);
                    send(
                            producer,
                            sent,
                            produced,
                            interactionService,
                            new InteractionRecorded(
                                    id,
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
                                    false),
                            at);
                }
            }
            for (UUID id : ids) {
                send(
                        producer,
                        sent,
                        produced,
                        segmentationService,
                        new CustomerValueScored(
                                id, "B", "812.50", "0.55", "0.8100", "2.3", (short) 3, (short) 4, (short) 3, "LOYAL",
                                "GROW", "ACTIVE", "0.1900", now, null),
                        now);
            }
            producer.flush();
            for (Future<RecordMetadata> future : sent) {
                future.get();
            }
        }
        return produced;
    }

    private static void send(
            KafkaProducer<String, byte[]> producer,
            List<Future<RecordMetadata>> sent,
            Map<String, Long> produced,
            CrmEventCodec codec,
            CrmEvent event,
            Instant time) {
        EncodedEvent encoded = codec.encode(event, time, Map.of());
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(encoded.topic(), encoded.key(), encoded.payload());
        record.headers().add("content-type", CrmEventCodec.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        sent.add(producer.send(record));
        produced.merge(encoded.topic(), 1L, Long::sum);
    }

    private static CustomerSnapshot snapshot(UUID id, Instant now) {
        return new CustomerSnapshot(
                id,
                "PERSON",
                null,
                null,
                "retail",
                "CN-31",
                List.of("bench"),
                null,
                Map.of("EMAIL", "GRANTED"),
                now,
                now,
                1,
                "Asia/Shanghai",
                null);
    }
}
