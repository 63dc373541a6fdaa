package com.crm.loyalty;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.Topics;
import com.crm.contracts.cloudevents.CrmEventCodec;
import com.crm.contracts.events.purchase.PurchaseRecorded;
import com.crm.test.ConsumerBench;
import com.crm.test.CrmInfrastructure;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * Accrual throughput and member-read latency (opt-in, not part of the build's tests; issue targets: 5,000 purchase
 * events/s applied, member read p99 &lt; 20 ms at 1M members). The service runs as in the other integration tests
 * (embedded PostgreSQL, in-process Kafka); {@code loyalty.bench.purchases} purchase events (default 20,000) for a
 * quarter as many customers are published to crm.purchase.v1 in one burst, then the time until every one is applied
 * (accrued, journalled, a lot, an outbox event) gives events/s. With {@code loyalty.bench.members} (e.g. 1000000)
 * that many members with 3 lots each are seeded set-based, and 2,000 member reads through HTTP give p50 / p99.
 *
 * <pre>
 * ./mvnw -B -o -q test -pl loyalty-service -Dtest=AccrualBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dloyalty.bench.purchases=20000 -Dloyalty.bench.members=1000000
 * </pre>
 *
 * Results are printed to the test's output (target/surefire-reports/com.crm.loyalty.AccrualBenchmark-output.txt).
 */
@EnabledIfSystemProperty(named = "loyalty.bench.purchases", matches = "\\d+")
class AccrualBenchmark extends LoyaltyIntegrationTest {

    private static final int SEED_CHUNK = 100_000;

    @Autowired
    private DataSource dataSource;

    /** The listeners' group: the application's name (the platform's default group id). */
    @Value("${spring.application.name}")
    private String consumerGroup;

    @Test
    void accrualThroughputAndMemberReadLatency() throws Exception {
        int n = Integer.getInteger("loyalty.bench.purchases", 20_000);
        int customers = Math.max(1, n / 4);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < customers; i++) {
            ids.add(UUID.randomUUID());
        }
        CrmEventCodec codec = new CrmEventCodec("/crm/customer-service");
        List<CrmEventCodec.EncodedEvent> events = new ArrayList<>(n);
        Instant now = Instant.now();
        for (int i = 0; i < n; i++) {
            UUID customer = ids.get(i % customers);
            UUID purchase = UUID.randomUUID();
            events.add(codec.encode(
                    new PurchaseRecorded(
                            customer,
                            purchase,
                            "bench",
                            "B-" + purchase,
                            now.minusSeconds(i),
                            (10 + i % 500) + ".00",
                            "CNY",
                            1,
                            "web",
                            List.of()),
                    now,
                    Map.of()));
        }
        long before = accrued();
        long backend = jdbc.sql("select pg_backend_pid()").query(Long.class).single();
        Cpu cpu0 = Cpu.now(backend);
        long t0 = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        CrmInfrastructure.get().kafkaBootstrap(),
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.LINGER_MS_CONFIG,
                        5,
                        ProducerConfig.BATCH_SIZE_CONFIG,
                        256 * 1024),
                new StringSerializer(),
                new ByteArraySerializer())) {
            for (CrmEventCodec.EncodedEvent e : events) {
                producer.send(new ProducerRecord<>(e.topic(), e.key(), e.payload()));
            }
            producer.flush();
        }
        double published = (System.nanoTime() - t0) / 1e9;
        // Waiting on the consumer group's committed offsets costs the database nothing; counting the accruals every
        // 200 ms scanned the whole table each time, a cost growing with the table (2-3 s of statement time over
        // 100,000 events, pg_stat_statements) that the service does not have. The offsets are committed after each
        // batch's transaction, so the count below is then checked once.
        try (Admin admin = ConsumerBench.admin()) {
            ConsumerBench.awaitCommitted(
                    admin,
                    consumerGroup,
                    ConsumerBench.endOffsets(admin, List.of(Topics.PURCHASE)),
                    t0,
                    Duration.ofMinutes(30));
        }
        Awaitility.await()
                .atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> accrued() - before >= n);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Cpu applied = Cpu.now(backend);
        System.out.printf(
                "BENCH accrual: %,d purchase events for %,d customers published in %.1f s, applied in %.1f s: %.0f events/s%n",
                n, customers, published, seconds, n / seconds);
        printCpu("applied", cpu0, applied, n);
        // the relay may still be sending the loyalty events of the last batches: their cost belongs to the accrual
        Awaitility.await()
                .atMost(Duration.ofMinutes(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> pendingOutbox() == 0);
        System.out.printf("BENCH outbox drained %.1f s after the start%n", (System.nanoTime() - t0) / 1e9);
        printCpu("applied and relayed", cpu0, Cpu.now(backend), n);
        assertLedgerInvariant();

        int members = Integer.getInteger("loyalty.bench.members", 0);
        if (members > 0) {
            seedMembers(members);
            List<String> sample = jdbc.sql("select customer_id::text from loyalty_member order by random() limit 2000")
                    .query(String.class)
                    .list();
            List<Long> micros = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                reader.get("/api/loyalty/members/" + sample.get(i % sample.size()));
            }
            for (String customer : sample) {
                long start = System.nanoTime();
                int status = reader.get("/api/loyalty/members/" + customer).status();
                micros.add((System.nanoTime() - start) / 1_000);
                assertThat(status).isEqualTo(200);
            }
            Collections.sort(micros);
            System.out.printf(
                    "BENCH member read at %,d members: p50 %.2f ms, p99 %.2f ms (HTTP, JSON, token check included)%n",
                    members, micros.get(micros.size() / 2) / 1000.0, micros.get((int) (micros.size() * 0.99)) / 1000.0);
        }
    }

    /**
     * CPU milliseconds so far of this JVM (service, broker, producer) and of the PostgreSQL server (-1 where not
     * visible): CPU per event depends far less on what else runs on a shared machine than events per second do.
     */
    private record Cpu(long jvm, long postgres) {

        static Cpu now(long backendPid) {
            return new Cpu(ConsumerBench.jvmCpuMillis(), ConsumerBench.postgresCpuMillis(backendPid));
        }
    }

    private static void printCpu(String what, Cpu from, Cpu to, int events) {
        double jvm = (to.jvm() - from.jvm()) / 1000.0;
        boolean known = from.postgres() >= 0 && to.postgres() >= 0;
        double postgres = known ? (to.postgres() - from.postgres()) / 1000.0 : 0;
        System.out.printf(
                "BENCH CPU until %s: JVM %.1f s + PostgreSQL %s s = %.1f s, %.3f CPU-ms/event%n",
                what, jvm, known ? "%.1f".formatted(postgres) : "?", jvm + postgres, (jvm + postgres) * 1000 / events);
    }

    private long pendingOutbox() {
        return jdbc.sql("select count(*) from crm_outbox where published_at is null")
                .query(Long.class)
                .single();
    }

    private long accrued() {
        return jdbc.sql("select count(*) from purchase_accrual")
                .query(Long.class)
                .single();
    }

    /**
     * Seeds on one connection without the service's statement timeout (30 s): a million members and three million
     * lots take longer than that on a loaded machine. Chunks keep each statement's memory modest.
     */
    private void seedMembers(int n) {
        long t0 = System.nanoTime();
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute("set statement_timeout = 0");
            for (int from = 1; from <= n; from += SEED_CHUNK) {
                int to = Math.min(n, from + SEED_CHUNK - 1);
                s.execute("""
                        insert into loyalty_member (id, customer_id, program_id, member_number, status, balance,
                            level_code, level_since, level_review_at, enrolled_at)
                        select gen_random_uuid(), gen_random_uuid(), '00000000-0000-0000-0000-00000000a001',
                            'B' || lpad(i::text, 9, '0'), 'ACTIVE', 300, 'BASIC', now(), now() + interval '1 year',
                            now()
                        from generate_series(%d, %d) i""".formatted(from, to));
                s.execute("""
                        insert into points_lot (id, member_id, entry_id, points, remaining, earned_at, expires_at)
                        select gen_random_uuid(), m.id, gen_random_uuid(), 100, 100, now(),
                            now() + (k * 200 || ' days')::interval
                        from loyalty_member m, generate_series(1, 3) k
                        where m.member_number between 'B%09d' and 'B%09d'""".formatted(from, to));
            }
            s.execute("vacuum analyze loyalty_member");
            s.execute("vacuum analyze points_lot");
            s.execute("reset statement_timeout");
        } catch (SQLException e) {
            throw new IllegalStateException("seeding members failed", e);
        }
        System.out.printf("BENCH seeded %,d members with 3 lots each in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
    }
}
