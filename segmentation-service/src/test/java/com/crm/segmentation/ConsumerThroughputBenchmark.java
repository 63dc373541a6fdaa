package com.crm.segmentation;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.Topics;
import com.crm.contracts.cloudevents.CrmEventCodec;
import com.crm.contracts.events.customer.CustomerRegistered;
import com.crm.contracts.events.customer.CustomerSnapshot;
import com.crm.contracts.events.purchase.PurchaseRecorded;
import com.crm.test.ConsumerBench;
import com.crm.test.CrmServiceTest;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * How fast the service's own consumers apply a backlog (opt-in, not part of the build's tests; issue #16 target:
 * 3,000 events/s per consumer). The service runs as in the other integration tests (embedded PostgreSQL, in-process
 * Kafka, or containers when Docker answers); the backlog is put straight on the topics as the outbox relays would
 * (structured CloudEvents from the contracts' codec, keyed by customer id): N {@code crm.customer.registered},
 * 10·N {@code crm.purchase.recorded} dated over two years, 2·N {@code crm.interaction.recorded}. The consumer group's
 * committed offsets (Kafka AdminClient, every 100 ms) say when each topic's records are all applied; reported per
 * topic: events, seconds from the first record sent, events/s. Topics are consumed side by side, as in production.
 *
 * <pre>
 * ./mvnw -B -o -q -pl segmentation-service verify -Dtest=ConsumerThroughputBenchmark \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dsegmentation.bench.customers=10000
 * </pre>
 *
 * Results: target/surefire-reports/com.crm.segmentation.ConsumerThroughputBenchmark-output.txt (lines "BENCH").
 * Run it alone: it leaves its customers in the module's test database.
 */
@CrmServiceTest
@EnabledIfSystemProperty(named = "segmentation.bench.customers", matches = "\\d+")
class ConsumerThroughputBenchmark {

    private static final String GROUP = "segmentation-service";
    private static final List<String> TOPICS = List.of(Topics.CUSTOMER, Topics.PURCHASE, Topics.INTERACTION);

    @Autowired
    JdbcClient jdbc;

    @Test
    void consumersApplyABacklog() throws Exception {
        int n = Integer.getInteger("segmentation.bench.customers", 10_000);
        warmUp();
        ConsumerBench backlog = backlog(n);
        try (Admin admin = ConsumerBench.admin()) {
            // a smaller backlog of other customers first: the code is compiled before anything is timed (a cold
            // start compiles on the same two cores, and the first topic measured would pay for it)
            ConsumerBench warm = backlog(Integer.getInteger("segmentation.bench.warm-up", 2_000));
            warm.sendAndAwait(admin, GROUP, Duration.ofMinutes(10));
            if (Boolean.getBoolean("segmentation.bench.alone")) {
                oneTopicAtATime(
                        admin,
                        backlog,
                        jdbc.sql("select pg_backend_pid()").query(Long.class).single(),
                        n);
            } else {
                sideBySide(admin, backlog, n);
            }
        }
        // every customer of the backlog was scored from all their purchases
        assertThat(jdbc.sql("select count(*) from customer_value v join customer_metrics m using (customer_id)"
                                + " where m.purchase_days > 0")
                        .query(Long.class)
                        .single())
                .isGreaterThanOrEqualTo(n);
    }

    /** Every topic's backlog sent at once, consumed side by side as in production. */
    private static void sideBySide(Admin admin, ConsumerBench backlog, int n) throws Exception {
        long t0 = System.nanoTime();
        double sent = backlog.send();
        Map<String, Double> done = ConsumerBench.awaitCommitted(
                admin, GROUP, ConsumerBench.endOffsets(admin, TOPICS), t0, Duration.ofMinutes(30));
        backlog.printApplied("consumers", n, sent, done);
    }

    /**
     * Each topic's backlog sent and applied before the next one's (registrations, purchases, interactions): each
     * consumer's own rate, with the cores to itself, where side by side they share them.
     */
    private static void oneTopicAtATime(Admin admin, ConsumerBench backlog, long postgres, int n) throws Exception {
        System.out.printf(
                Locale.ROOT,
                "BENCH consumers one topic at a time: N = %,d customers (%d cores)%n",
                n,
                Runtime.getRuntime().availableProcessors());
        backlog.drainOneTopicAtATime(admin, GROUP, TOPICS, postgres);
    }

    /** One customer through every topic first: the group has joined and the code paths are loaded before timing. */
    private void warmUp() {
        UUID id = UUID.randomUUID();
        Instant now = Instant.now();
        TestEvents.publish("/crm/customer-service", new CustomerRegistered(id, snapshot(id, now)));
        TestEvents.publish("/crm/customer-service", purchase(id, now.minus(3, ChronoUnit.DAYS), "12.00"));
        TestEvents.publish("/crm/interaction-service", ConsumerBench.interaction(id, now.minus(1, ChronoUnit.DAYS)));
        Awaitility.await()
                .atMost(Duration.ofMinutes(2))
                .until(() -> jdbc.sql("""
                                select count(*) from customer_metrics
                                where customer_id = :id and purchase_days = 1 and recent_interactions = 1""").param("id", id).query(Long.class).single() == 1);
    }

    /** Registrations, then purchases, then interactions, as the relays of a bulk import would send them. */
    private static ConsumerBench backlog(int n) {
        CrmEventCodec customerService = new CrmEventCodec("/crm/customer-service");
        CrmEventCodec interactionService = new CrmEventCodec("/crm/interaction-service");
        SplittableRandom random = new SplittableRandom(20261207L);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<UUID> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(UUID.randomUUID());
        }
        ConsumerBench backlog = new ConsumerBench();
        for (UUID id : ids) {
            backlog.add(customerService, new CustomerRegistered(id, snapshot(id, now)), now);
        }
        for (UUID id : ids) {
            for (int p = 0; p < 10; p++) {
                Instant at = now.minus(random.nextInt(1, 700), ChronoUnit.DAYS);
                String amount =
                        BigDecimal.valueOf(random.nextInt(500, 50_000), 2).toPlainString();
                backlog.add(customerService, purchase(id, at, amount), at);
            }
        }
        for (UUID id : ids) {
            for (int k = 0; k < 2; k++) {
                Instant at = now.minus(random.nextInt(1, 300), ChronoUnit.DAYS);
                backlog.add(interactionService, ConsumerBench.interaction(id, at), at);
            }
        }
        return backlog;
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

    private static PurchaseRecorded purchase(UUID id, Instant at, String amount) {
        UUID purchase = UUID.randomUUID();
        return new PurchaseRecorded(id, purchase, "bench", "bench-" + purchase, at, amount, "CNY", 1, "web", List.of());
    }
}
