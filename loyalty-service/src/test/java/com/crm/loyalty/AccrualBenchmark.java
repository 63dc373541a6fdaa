package com.crm.loyalty;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.cloudevents.CrmEventCodec;
import com.crm.contracts.events.purchase.PurchaseRecorded;
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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;

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

    @Test
    void accrualThroughputAndMemberReadLatency() {
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
        Awaitility.await()
                .atMost(Duration.ofMinutes(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> accrued() - before >= n);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
                "BENCH accrual: %,d purchase events for %,d customers published in %.1f s, applied in %.1f s: %.0f events/s%n",
                n, customers, published, seconds, n / seconds);
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
