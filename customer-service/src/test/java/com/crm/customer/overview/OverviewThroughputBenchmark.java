package com.crm.customer.overview;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.Topics;
import com.crm.contracts.cloudevents.CrmEventCodec;
import com.crm.contracts.events.feedback.ComplaintOpened;
import com.crm.contracts.events.feedback.ResponseReceived;
import com.crm.contracts.events.interaction.ChannelPreferenceChanged;
import com.crm.contracts.events.interaction.ContactStateChanged;
import com.crm.contracts.events.loyalty.LevelChanged;
import com.crm.contracts.events.loyalty.PointsEarned;
import com.crm.contracts.events.segmentation.CustomerValueScored;
import com.crm.contracts.events.segmentation.LifecycleStageChanged;
import com.crm.contracts.events.segmentation.SegmentMembershipChanged;
import com.crm.contracts.events.segmentation.TierChanged;
import com.crm.test.ConsumerBench;
import com.crm.test.CrmServiceTest;
import com.crm.test.TestEvents;
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
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;

/**
 * How fast the 360 overview's consumers apply a backlog (opt-in, not part of the build's tests; issue #16 target:
 * 3,000 events/s per consumer). The service runs as in the other integration tests (embedded PostgreSQL, in-process
 * Kafka); N customers are inserted straight into {@code customer}, then their backlog is put on the topics as the
 * other services' relays would ({@link ConsumerBench}): per customer on {@code crm.segmentation.v1} a value score, a
 * tier change, a stage change and two segment memberships; on {@code crm.interaction.v1} two interactions, a contact
 * state and a channel preference; on {@code crm.feedback.v1} an NPS response and an opened complaint; on
 * {@code crm.loyalty.v1} two points earned and a level change (14·N events, times spread over a year). The group
 * {@code customer-service}'s committed offsets say when each topic is applied; reported per topic: events, seconds
 * from the first record sent, events/s; and the CPU milliseconds per event of the test JVM (service, Kafka broker and
 * producer) and of PostgreSQL over the whole drain. Topics are consumed side by side, as in production.
 *
 * <pre>
 * ./mvnw -B -o -q -pl customer-service verify -Dtest=OverviewThroughputBenchmark \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=none -Dfailsafe.failIfNoSpecifiedTests=false \
 *     -Doverview.bench.customers=10000
 * </pre>
 *
 * Results: target/surefire-reports/com.crm.customer.overview.OverviewThroughputBenchmark-output.txt (lines "BENCH").
 * Run it alone: it leaves its customers in the module's test database.
 */
@CrmServiceTest
@EnabledIfSystemProperty(named = "overview.bench.customers", matches = "\\d+")
class OverviewThroughputBenchmark {

    private static final String GROUP = "customer-service";
    private static final CrmEventCodec SEGMENTATION = new CrmEventCodec("/crm/segmentation-service");
    private static final CrmEventCodec INTERACTION = new CrmEventCodec("/crm/interaction-service");
    private static final CrmEventCodec FEEDBACK = new CrmEventCodec("/crm/feedback-service");
    private static final CrmEventCodec LOYALTY = new CrmEventCodec("/crm/loyalty-service");
    private static final UUID GOLD_SEGMENT = UUID.randomUUID();
    private static final UUID ACTIVE_SEGMENT = UUID.randomUUID();

    @Autowired
    JdbcClient jdbc;

    @Test
    void overviewConsumersApplyABacklog() throws Exception {
        int n = Integer.getInteger("overview.bench.customers", 10_000);
        warmUp();
        List<UUID> ids = customers(n);
        ConsumerBench bench = backlog(ids);
        long postgres = jdbc.sql("select pg_backend_pid()").query(Long.class).single();
        try (Admin admin = ConsumerBench.admin()) {
            // a smaller backlog of other customers first: the code is compiled before anything is timed (a cold
            // start compiles on the same two cores, and the first topic measured would pay for it)
            ConsumerBench warm = backlog(customers(Integer.getInteger("overview.bench.warm-up", 2_000)));
            warm.sendAndAwait(admin, GROUP, Duration.ofMinutes(10));
            if (Boolean.getBoolean("overview.bench.alone")) {
                oneTopicAtATime(admin, bench, postgres, n);
            } else {
                sideBySide(admin, bench, postgres, n);
            }
        }
        // every customer of the backlog has a rendered overview with each section
        assertThat(jdbc.sql("""
                        select count(*) from projected_overview where customer_id = any(:ids) and value_json is not null
                          and contact_json is not null and voice_json is not null and timeline_json is not null
                          and loyalty_json is not null and cardinality(complaint_json) = 1""")
                        .param("ids", new SqlArrayValue("uuid", ids.toArray()))
                        .query(Long.class)
                        .single())
                .isEqualTo(n);
    }

    /** Every topic's backlog sent at once, consumed side by side as in production. */
    private static void sideBySide(Admin admin, ConsumerBench bench, long postgres, int n) throws Exception {
        long jvmCpu = ConsumerBench.jvmCpuMillis();
        long pgCpu = ConsumerBench.postgresCpuMillis(postgres);
        long t0 = System.nanoTime();
        double sent = bench.send();
        Map<TopicPartition, Long> target = ConsumerBench.endOffsets(admin, bench.topics());
        Map<String, Double> done = ConsumerBench.awaitCommitted(admin, GROUP, target, t0, Duration.ofMinutes(30));
        long jvmUsed = ConsumerBench.jvmCpuMillis() - jvmCpu;
        long pgUsed = ConsumerBench.postgresCpuMillis(postgres) - pgCpu;
        bench.printApplied("overview consumers", n, sent, done);
        System.out.printf(
                Locale.ROOT,
                "BENCH CPU over the drain: test JVM %,d ms (%.3f ms/event), PostgreSQL %,d ms (%.3f ms/event)%n",
                jvmUsed,
                jvmUsed / (double) bench.events(),
                pgUsed,
                pgUsed / (double) bench.events());
    }

    /**
     * Each topic's backlog sent and applied before the next one's: each consumer's own rate and CPU, with the cores
     * to itself, where side by side they share them.
     */
    private static void oneTopicAtATime(Admin admin, ConsumerBench bench, long postgres, int n) throws Exception {
        System.out.printf(
                Locale.ROOT,
                "BENCH overview consumers one topic at a time: N = %,d customers (%d cores)%n",
                n,
                Runtime.getRuntime().availableProcessors());
        bench.drainOneTopicAtATime(admin, GROUP, bench.topics(), postgres);
    }

    /** One customer through every topic first: the group has joined and the code paths are loaded before timing. */
    private void warmUp() {
        UUID id = customers(1).getFirst();
        Instant now = Instant.now();
        List<CrmEventCodec.EncodedEvent> events = List.of(
                TestEvents.publish("/crm/segmentation-service", new TierChanged(id, null, "C", "1", now, null)),
                TestEvents.publish(
                        "/crm/interaction-service",
                        new ChannelPreferenceChanged(id, "EMAIL", null, List.of("EMAIL"), now)),
                TestEvents.publish("/crm/feedback-service", response(id, now, 9)),
                TestEvents.publish(
                        "/crm/loyalty-service", new LevelChanged(id, UUID.randomUUID(), null, "SILVER", "bench", now)));
        for (CrmEventCodec.EncodedEvent e : events) {
            Awaitility.await()
                    .atMost(Duration.ofMinutes(2))
                    .until(() -> jdbc.sql("select count(*) from crm_processed_event where event_id = :id")
                                    .param("id", e.id().toString())
                                    .query(Long.class)
                                    .single()
                            > 0);
        }
    }

    /** N live customers, inserted in one statement (their registration is not what is measured). */
    private List<UUID> customers(int n) {
        List<UUID> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(UUID.randomUUID());
        }
        jdbc.sql("""
                        insert into customer (id, type, display_name, created_at, updated_at, version)
                        select id, 'PERSON', 'Bench ' || id, now(), now(), 1 from unnest(:ids) as c(id)""").param("ids", new SqlArrayValue("uuid", ids.toArray())).update();
        return ids;
    }

    private static ConsumerBench backlog(List<UUID> ids) {
        ConsumerBench bench = new ConsumerBench();
        SplittableRandom random = new SplittableRandom(20261207L);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        for (UUID id : ids) {
            Instant at = now.minus(random.nextInt(1, 365), ChronoUnit.DAYS);
            bench.add(
                    SEGMENTATION,
                    new CustomerValueScored(
                            id,
                            "B",
                            "1234.50",
                            "0.62",
                            "0.81",
                            "2.4",
                            (short) 4,
                            (short) 3,
                            (short) 5,
                            "LOYAL",
                            null,
                            "ACTIVE",
                            "LOW",
                            at,
                            UUID.randomUUID()),
                    at);
            bench.add(SEGMENTATION, new TierChanged(id, "C", "B", "1234.50", at.plusSeconds(1), null), at);
            bench.add(
                    SEGMENTATION, new LifecycleStageChanged(id, "NEW", "ACTIVE", "bench", at.plusSeconds(2), null), at);
            bench.add(SEGMENTATION, new SegmentMembershipChanged(id, GOLD_SEGMENT, "Gold", "JOINED", at), at);
            bench.add(SEGMENTATION, new SegmentMembershipChanged(id, ACTIVE_SEGMENT, "Active", "JOINED", at), at);
        }
        for (UUID id : ids) {
            Instant at = now.minus(random.nextInt(1, 365), ChronoUnit.DAYS);
            bench.add(INTERACTION, ConsumerBench.interaction(id, at), at);
            bench.add(INTERACTION, ConsumerBench.interaction(id, at.plusSeconds(60)), at);
            bench.add(
                    INTERACTION,
                    new ContactStateChanged(
                            id,
                            List.of(new ContactStateChanged.LastContact("PHONE", "INBOUND", at.plusSeconds(60))),
                            null,
                            "PHONE",
                            List.of(),
                            at.plusSeconds(61)),
                    at);
            bench.add(
                    INTERACTION,
                    new ChannelPreferenceChanged(id, "PHONE", "EMAIL", List.of("PHONE", "EMAIL"), at.plusSeconds(62)),
                    at);
        }
        for (UUID id : ids) {
            Instant at = now.minus(random.nextInt(1, 365), ChronoUnit.DAYS);
            bench.add(FEEDBACK, response(id, at, random.nextInt(0, 11)), at);
            bench.add(
                    FEEDBACK,
                    new ComplaintOpened(
                            id,
                            UUID.randomUUID(),
                            "BILLING",
                            "MEDIUM",
                            "PHONE",
                            null,
                            at,
                            at.plus(3, ChronoUnit.DAYS),
                            null),
                    at);
        }
        for (UUID id : ids) {
            Instant at = now.minus(random.nextInt(1, 365), ChronoUnit.DAYS);
            UUID member = UUID.randomUUID();
            bench.add(LOYALTY, new PointsEarned(id, member, UUID.randomUUID(), 100, 100, "PURCHASE", null, at), at);
            bench.add(
                    LOYALTY,
                    new PointsEarned(id, member, UUID.randomUUID(), 50, 150, "PURCHASE", null, at.plusSeconds(1)),
                    at.plusSeconds(1));
            bench.add(LOYALTY, new LevelChanged(id, member, "BASIC", "SILVER", "bench", at.plusSeconds(2)), at);
        }
        assertThat(bench.topics())
                .containsExactly(Topics.SEGMENTATION, Topics.INTERACTION, Topics.FEEDBACK, Topics.LOYALTY);
        return bench;
    }

    private static ResponseReceived response(UUID id, Instant at, int score) {
        return new ResponseReceived(
                id,
                UUID.randomUUID(),
                UUID.randomUUID(),
                1,
                "NPS",
                null,
                "EMAIL",
                score,
                score >= 9 ? "PROMOTER" : score >= 7 ? "PASSIVE" : "DETRACTOR",
                at,
                null);
    }
}
