package com.crm.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The outbox relay's own throughput: N events stored at once in one service's outbox (one transaction, on a topic of
 * their own that no service consumes), then the time until the service's relay has had all of them acknowledged by
 * Kafka. It measures the relay alone, not the API in front of it nor the consumers behind it.
 */
final class RelayBenchmark {

    private static final String TOPIC = "crm.bench-relay.v1";

    private final int events;
    private final int keys;
    private final String jdbc;
    private final String dbUser;
    private final String dbPassword;
    private final String kafka;

    RelayBenchmark(Map<String, String> o) {
        events = Integer.parseInt(o.getOrDefault("events", "200000"));
        keys = Integer.parseInt(o.getOrDefault("keys", "20000"));
        jdbc = o.getOrDefault("jdbc", "jdbc:postgresql://localhost:15432/crm_feedback");
        dbUser = o.getOrDefault("db-user", "postgres");
        dbPassword = o.getOrDefault("db-password", "postgres");
        kafka = o.getOrDefault("kafka", "localhost:19092");
    }

    void run() throws Exception {
        Properties props = new Properties();
        props.setProperty("user", dbUser);
        props.setProperty("password", dbPassword);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka));
                Connection db = DriverManager.getConnection(jdbc, props)) {
            try {
                admin.createTopics(List.of(new NewTopic(TOPIC, 6, (short) 1)))
                        .all()
                        .get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            long offsetsBefore = endOffsets(admin);
            // a structured CloudEvent of the usual size (~600 bytes), its key one of `keys` customers
            try (PreparedStatement insert = db.prepareStatement("""
                    insert into crm_outbox (event_id, topic, message_key, event_type, payload)
                    select id, ?, k, 'crm.bench.relayed', convert_to(json_build_object(
                             'specversion', '1.0', 'id', id, 'source', '/crm/bench', 'type', 'crm.bench.relayed',
                             'subject', k, 'time', now(), 'datacontenttype', 'application/json',
                             'data', json_build_object('customerId', k, 'n', n, 'note', repeat('x', 400)))::text, 'UTF8')
                    from (select gen_random_uuid() id, n, md5((n % ?)::text)::uuid::text k
                          from generate_series(1, ?) n) g""")) {
                insert.setString(1, TOPIC);
                insert.setInt(2, keys);
                insert.setInt(3, events);
                insert.executeUpdate();
            }
            long start = System.nanoTime();
            System.out.printf(
                    Locale.ROOT,
                    "relay benchmark: %,d events over %,d keys stored in %s's outbox; waiting for Kafka's acks%n",
                    events,
                    keys,
                    jdbc.substring(jdbc.lastIndexOf('/') + 1));
            long pending;
            long lastReport = 0;
            do {
                Thread.sleep(100);
                pending = pending(db);
                long second = (System.nanoTime() - start) / 1_000_000_000L;
                if (second / 5 != lastReport) {
                    lastReport = second / 5;
                    System.out.printf(Locale.ROOT, "  +%ds: %,d pending%n", second, pending);
                }
            } while (pending > 0);
            double took = (System.nanoTime() - start) / 1e9;
            long arrived = endOffsets(admin) - offsetsBefore;
            System.out.printf(
                    Locale.ROOT,
                    "relayed %,d events in %.1f s: %,.0f events/s (%,d new records on %s)%n",
                    events,
                    took,
                    events / took,
                    arrived,
                    TOPIC);
            try (PreparedStatement cleanup = db.prepareStatement("delete from crm_outbox where topic = ?")) {
                cleanup.setString(1, TOPIC);
                cleanup.executeUpdate();
            }
        }
    }

    private static long pending(Connection db) throws Exception {
        try (PreparedStatement count =
                db.prepareStatement("select count(*) from crm_outbox where topic = ? and published_at is null")) {
            count.setString(1, TOPIC);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long endOffsets(Admin admin) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < 6; p++) {
            latest.put(new TopicPartition(TOPIC, p), OffsetSpec.latest());
        }
        return admin.listOffsets(latest).all().get().values().stream()
                .mapToLong(o -> o.offset())
                .sum();
    }
}
