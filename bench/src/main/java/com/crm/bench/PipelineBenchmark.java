package com.crm.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import tools.jackson.databind.JsonNode;

/**
 * How fast the derived views catch up after a bulk sync: through the gateway, N customers and 10·N purchases, then
 * the time until every consumer group of every service has no lag, every service's outbox is empty and the last
 * customer's 360 overview shows its tier; with each group's events/s over that time.
 */
final class PipelineBenchmark {

    private static final List<String> DATABASES =
            List.of("crm_customer", "crm_interaction", "crm_segmentation", "crm_feedback", "crm_webhook");

    private final int customers;
    private final int purchasesPerCustomer;
    private final String kafka;
    private final String jdbcBase;
    private final String dbUser;
    private final String dbPassword;
    private final Duration timeout;
    private final String source;
    private final ErpClient erp;

    PipelineBenchmark(Map<String, String> o) {
        customers = Integer.parseInt(o.getOrDefault("customers", "20000"));
        purchasesPerCustomer = Integer.parseInt(o.getOrDefault("purchases-per-customer", "10"));
        kafka = o.getOrDefault("kafka", "localhost:19092");
        jdbcBase = o.getOrDefault("jdbc", "jdbc:postgresql://localhost:15432/");
        dbUser = o.getOrDefault("db-user", "postgres");
        dbPassword = o.getOrDefault("db-password", "postgres");
        timeout = Duration.parse(o.getOrDefault("timeout", "PT60M"));
        source = "pipe" + Long.toString(System.currentTimeMillis(), 36);
        erp = new ErpClient(o.getOrDefault("gateway", "http://localhost:8080"),
                o.getOrDefault("issuer", "http://localhost:9000"), o.getOrDefault("client", "crm-erp-integrator"),
                o.getOrDefault("secret", "erp-secret"), Integer.parseInt(o.getOrDefault("threads", "4")),
                Integer.parseInt(o.getOrDefault("batch", "1000")));
    }

    void run() throws Exception {
        List<String> customerRows = new ArrayList<>();
        List<String> purchaseRows = new ArrayList<>();
        ImportBenchmark.generate(source, customers, purchasesPerCustomer, customerRows, purchaseRows,
                new StringBuilder(), new StringBuilder());
        System.out.printf(Locale.ROOT, "pipeline benchmark: %,d customers + %,d purchases through the gateway%n",
                customers, purchaseRows.size());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            Map<String, Long> committedBefore = committed(admin);
            Instant start = Instant.now();
            List<JsonNode> answers = erp.send("/api/customers/batch", customerRows);
            erp.send("/api/purchases/batch", purchaseRows);
            Instant written = Instant.now();
            JsonNode lastBatch = answers.get(answers.size() - 1).get("results");
            String lastCustomer = lastBatch.get(lastBatch.size() - 1).get("result").get("id").asString();
            Duration writes = Duration.between(start, written);
            System.out.printf(Locale.ROOT, "writes done in %.1f s; waiting for every consumer, outbox and the overview "
                    + "of %s%n", seconds(writes), lastCustomer);

            Instant caughtUp = null;
            Instant overviewAt = null;
            long lastReport = 0;
            while (caughtUp == null) {
                if (Instant.now().isAfter(written.plus(timeout))) {
                    throw new IllegalStateException("not caught up within " + timeout);
                }
                long lag = lag(admin).values().stream().mapToLong(Long::longValue).sum();
                long pending = outboxPending();
                if (overviewAt == null && hasTier(lastCustomer)) {
                    overviewAt = Instant.now();
                }
                if (lag == 0 && pending == 0 && overviewAt != null) {
                    caughtUp = Instant.now();
                } else {
                    long elapsed = Duration.between(written, Instant.now()).toSeconds();
                    if (elapsed / 10 != lastReport) {
                        lastReport = elapsed / 10;
                        System.out.printf(Locale.ROOT, "  +%ds: consumer lag %,d, outbox pending %,d, overview %s%n",
                                elapsed, lag, pending, overviewAt == null ? "without tier" : "shows the tier");
                    }
                    Thread.sleep(500);
                }
            }
            Duration catchUp = Duration.between(written, caughtUp);
            System.out.println();
            System.out.printf(Locale.ROOT, "writes                       %.1f s%n", seconds(writes));
            System.out.printf(Locale.ROOT, "overview shows the tier      +%.1f s after the last write%n",
                    seconds(Duration.between(written, overviewAt)));
            System.out.printf(Locale.ROOT, "everything caught up         +%.1f s after the last write (%.2fx the write "
                    + "time; target <= 1)%n", seconds(catchUp), seconds(catchUp) / seconds(writes));
            Map<String, Long> committedAfter = committed(admin);
            double span = seconds(Duration.between(start, caughtUp));
            System.out.println("events applied per consumer group (from the first write until caught up):");
            new TreeMap<>(committedAfter).forEach((group, after) -> {
                long events = after - committedBefore.getOrDefault(group, 0L);
                System.out.printf(Locale.ROOT, "  %-40s %,10d events  %,8.0f events/s%n", group, events,
                        events / span);
            });
        }
    }

    private boolean hasTier(String customerId) throws Exception {
        JsonNode overview = erp.get("/api/customers/" + customerId + "/overview");
        return overview != null && overview.at("/value/status").asString("").equals("known")
                && !overview.at("/value/tier").isMissingNode() && !overview.at("/value/tier").isNull();
    }

    /** Committed offsets summed per group and topic ({@code group topic}). */
    private static Map<String, Long> committed(Admin admin) throws Exception {
        Map<String, Long> sums = new HashMap<>();
        for (ConsumerGroupListing group : admin.listConsumerGroups().all().get()) {
            Map<TopicPartition, OffsetAndMetadata> offsets =
                    admin.listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata().get();
            offsets.forEach((partition, offset) -> {
                if (offset != null && !partition.topic().endsWith(".dlt")) {
                    sums.merge(group.groupId() + " " + partition.topic(), offset.offset(), Long::sum);
                }
            });
        }
        return sums;
    }

    /** Records not yet consumed, per group and topic. */
    private static Map<String, Long> lag(Admin admin) throws Exception {
        Map<String, Long> lag = new HashMap<>();
        for (ConsumerGroupListing group : admin.listConsumerGroups().all().get()) {
            Map<TopicPartition, OffsetAndMetadata> offsets =
                    admin.listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            offsets.keySet().forEach(p -> latest.put(p, OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get();
            offsets.forEach((partition, offset) -> {
                if (offset != null && !partition.topic().endsWith(".dlt")) {
                    lag.merge(group.groupId() + " " + partition.topic(),
                            ends.get(partition).offset() - offset.offset(), Long::sum);
                }
            });
        }
        return lag;
    }

    private long outboxPending() throws Exception {
        Properties props = new Properties();
        props.setProperty("user", dbUser);
        props.setProperty("password", dbPassword);
        long pending = 0;
        for (String database : DATABASES) {
            try (Connection db = DriverManager.getConnection(jdbcBase + database, props);
                    Statement s = db.createStatement();
                    ResultSet rs = s.executeQuery("select count(*) from crm_outbox where published_at is null")) {
                rs.next();
                pending += rs.getLong(1);
            }
        }
        return pending;
    }

    private static double seconds(Duration d) {
        return Math.max(1, d.toMillis()) / 1000.0;
    }
}
