package com.crm.bench;

import java.net.http.HttpResponse;
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
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How fast the derived views catch up after a bulk sync: through the gateway, N customers and 10·N purchases, then
 * the time until every consumer group of every service has no lag, every service's outbox is empty and the last
 * customer's 360 overview shows its value (stage, and tier once a full run has set thresholds); with each group's
 * events/s over that time.
 */
final class PipelineBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();
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
    private final String mode;
    private final int rate;
    private final int steadySeconds;
    private final int probeEvery;
    private final int maxInFlight;
    private final List<String> services;
    private final ErpClient operator;

    PipelineBenchmark(Map<String, String> o) {
        customers = Integer.parseInt(o.getOrDefault("customers", "20000"));
        purchasesPerCustomer = Integer.parseInt(o.getOrDefault("purchases-per-customer", "10"));
        kafka = o.getOrDefault("kafka", "localhost:19092");
        jdbcBase = o.getOrDefault("jdbc", "jdbc:postgresql://localhost:15432/");
        dbUser = o.getOrDefault("db-user", "postgres");
        dbPassword = o.getOrDefault("db-password", "postgres");
        timeout = Duration.parse(o.getOrDefault("timeout", "PT60M"));
        source = "pipe" + Long.toString(System.currentTimeMillis(), 36);
        mode = o.getOrDefault("mode", "catch-up");
        rate = Integer.parseInt(o.getOrDefault("rate", "100"));
        steadySeconds = Integer.parseInt(o.getOrDefault("seconds", "60"));
        probeEvery = Integer.parseInt(o.getOrDefault("probe-every", "20"));
        maxInFlight = Integer.parseInt(o.getOrDefault("max-in-flight", "64"));
        services = List.of(o.getOrDefault(
                        "services",
                        "http://localhost:8081,http://localhost:8082,http://localhost:8083,http://localhost:8084,"
                                + "http://localhost:8085")
                .split(","));
        operator = new ErpClient(
                o.getOrDefault("gateway", "http://localhost:8080"),
                o.getOrDefault("issuer", "http://localhost:9000"),
                "crm-admin",
                o.getOrDefault("admin-secret", "admin-secret"),
                1,
                1);
        erp = new ErpClient(
                o.getOrDefault("gateway", "http://localhost:8080"),
                o.getOrDefault("issuer", "http://localhost:9000"),
                o.getOrDefault("client", "crm-erp-integrator"),
                o.getOrDefault("secret", "erp-secret"),
                Integer.parseInt(o.getOrDefault("threads", "4")),
                Integer.parseInt(o.getOrDefault("batch", "1000")));
    }

    void run() throws Exception {
        if (mode.equals("steady")) {
            steady();
            return;
        }
        List<String> customerRows = new ArrayList<>();
        List<String> purchaseRows = new ArrayList<>();
        ImportBenchmark.generate(
                source,
                customers,
                purchasesPerCustomer,
                customerRows,
                purchaseRows,
                new StringBuilder(),
                new StringBuilder());
        System.out.printf(
                Locale.ROOT,
                "pipeline benchmark: %,d customers + %,d purchases through the gateway%n",
                customers,
                purchaseRows.size());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            Map<String, Long> committedBefore = offsets(admin).committed();
            Instant start = Instant.now();
            List<JsonNode> answers = erp.send("/api/customers/batch", customerRows);
            erp.send("/api/purchases/batch", purchaseRows);
            Instant written = Instant.now();
            JsonNode lastBatch = answers.get(answers.size() - 1).get("results");
            String lastCustomer =
                    lastBatch.get(lastBatch.size() - 1).get("result").get("id").asString();
            Duration writes = Duration.between(start, written);
            System.out.printf(
                    Locale.ROOT,
                    "writes done in %.1f s; waiting for every consumer, outbox and the overview " + "of %s%n",
                    seconds(writes),
                    lastCustomer);

            Instant caughtUp = null;
            Instant overviewAt = null;
            long lastReport = 0;
            Backlog backlog = new Backlog();
            while (caughtUp == null) {
                if (Instant.now().isAfter(written.plus(timeout))) {
                    throw new IllegalStateException("not caught up within " + timeout);
                }
                Offsets offsets = offsets(admin);
                backlog.observe(offsets);
                long lag = offsets.lag().values().stream()
                        .mapToLong(Long::longValue)
                        .sum();
                long pending = outboxPending();
                if (overviewAt == null && hasValue(lastCustomer)) {
                    overviewAt = Instant.now();
                }
                if (lag == 0 && pending == 0 && overviewAt != null) {
                    caughtUp = Instant.now();
                } else {
                    long elapsed = Duration.between(written, Instant.now()).toSeconds();
                    if (elapsed / 10 != lastReport) {
                        lastReport = elapsed / 10;
                        System.out.printf(
                                Locale.ROOT,
                                "  +%ds: consumer lag %,d, outbox pending %,d, overview %s%n",
                                elapsed,
                                lag,
                                pending,
                                overviewAt == null ? "without its value" : "shows its value");
                    }
                    Thread.sleep(500);
                }
            }
            Duration catchUp = Duration.between(written, caughtUp);
            System.out.println();
            System.out.printf(Locale.ROOT, "writes                       %.1f s%n", seconds(writes));
            System.out.printf(
                    Locale.ROOT,
                    "overview shows its value     +%.1f s after the last write%n",
                    seconds(Duration.between(written, overviewAt)));
            System.out.printf(
                    Locale.ROOT,
                    "everything caught up         +%.1f s after the last write (%.2fx the write "
                            + "time; target <= 1)%n",
                    seconds(catchUp),
                    seconds(catchUp) / seconds(writes));
            Map<String, Long> committedAfter = offsets(admin).committed();
            double span = seconds(Duration.between(start, caughtUp));
            System.out.println("events applied per consumer group (from the first write until caught up):");
            new TreeMap<>(committedAfter).forEach((group, after) -> {
                long events = after - committedBefore.getOrDefault(group, 0L);
                System.out.printf(Locale.ROOT, "  %-40s %,10d events  %,8.0f events/s%n", group, events, events / span);
            });
            System.out.println(
                    "while each had a backlog after the writes (all groups draining at once, the ceiling of each"
                            + " on cores shared with the others):");
            backlog.report();
        }
    }

    /** Per group and topic: records consumed and seconds spent while its lag was above zero, after the writes. */
    private static final class Backlog {
        private Offsets previous;
        private long previousNanos;
        private final Map<String, long[]> consumed = new TreeMap<>();
        private final Map<String, Double> busySeconds = new HashMap<>();

        void observe(Offsets now) {
            long nanos = System.nanoTime();
            if (previous != null) {
                double dt = (nanos - previousNanos) / 1e9;
                previous.lag().forEach((key, lag) -> {
                    if (lag > 0) {
                        long moved = now.committed().getOrDefault(key, 0L)
                                - previous.committed().getOrDefault(key, 0L);
                        consumed.computeIfAbsent(key, k -> new long[1])[0] += Math.max(0, moved);
                        busySeconds.merge(key, dt, Double::sum);
                    }
                });
            }
            previous = now;
            previousNanos = nanos;
        }

        void report() {
            consumed.forEach((key, events) -> {
                double seconds = busySeconds.get(key);
                if (events[0] > 0 && seconds >= 1) {
                    System.out.printf(
                            Locale.ROOT,
                            "  %-60s %,10d events in %6.1f s  %,8.0f events/s%n",
                            key,
                            events[0],
                            seconds,
                            events[0] / seconds);
                }
            });
        }
    }

    /**
     * R mixed writes a second for a while (45 % purchases, 45 % interactions, 10 % profile updates by external id, on
     * {@code customers} customers synced first). Freshness is read where it happens: each consumer's histogram of
     * write-to-committed time ({@code crm_event_freshness_seconds}) over the run, from the services' metrics; the
     * overview's is that of {@code customer-overview-interaction}. As a cross-check from outside, one interaction in
     * {@code probe-every} is awaited in its customer's overview timeline (polled every 100 ms), few enough that the
     * probe does not load the machine it measures.
     */
    private void steady() throws Exception {
        List<String> customerRows = new ArrayList<>();
        ImportBenchmark.generate(
                source, customers, 0, customerRows, new ArrayList<>(), new StringBuilder(), new StringBuilder());
        List<String> ids = new ArrayList<>();
        for (JsonNode answer : erp.send("/api/customers/batch", customerRows)) {
            answer.get("results").forEach(r -> ids.add(r.get("result").get("id").asString()));
        }
        System.out.printf(
                Locale.ROOT,
                "steady: %d writes/s for %d s on %,d customers (at most %d in flight), 1 interaction in %d probed"
                        + " from outside%n",
                rate,
                steadySeconds,
                ids.size(),
                maxInFlight,
                probeEvery);
        ServiceMetrics metrics = new ServiceMetrics(operator, services);
        try (Admin kafkaAdmin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            awaitNoLag(kafkaAdmin, Duration.ofMinutes(5));
            List<ServiceMetrics.Sample> before = metrics.snapshot();
            Random random = new Random(7);
            List<Long> probed = new CopyOnWriteArrayList<>();
            Map<String, AtomicLong> failures = new java.util.concurrent.ConcurrentHashMap<>();
            long total = (long) rate * steadySeconds;
            long periodNanos = 1_000_000_000L / rate;
            Semaphore inFlight = new Semaphore(maxInFlight);
            long begin = System.nanoTime();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (long n = 0; n < total; n++) {
                    long due = begin + n * periodNanos;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    int pick = random.nextInt(100);
                    int customer = random.nextInt(ids.size());
                    long seq = n;
                    boolean probe = pick >= 45 && pick < 90 && n % probeEvery == 0;
                    // a stack that cannot keep up makes the writer fall behind (reported as the rate reached)
                    // instead of piling up requests until everything times out
                    inFlight.acquire();
                    pool.submit(() -> {
                        try {
                            if (pick < 45) {
                                expect(erp.post("/api/purchases", purchase(customer, seq)), 201);
                            } else if (pick < 90) {
                                String id = interaction(ids.get(customer), seq);
                                if (probe) {
                                    probed.add(seen(ids.get(customer), id));
                                }
                            } else {
                                expect(
                                        erp.post(
                                                "/api/customers/batch",
                                                "{\"items\":[{\"source\":\"" + source + "\",\"externalId\":\"C"
                                                        + customer
                                                        + "\",\"customer\":{\"type\":\"PERSON\",\"displayName\":"
                                                        + "\"Steady " + seq + "\"}}]}"),
                                        200);
                            }
                        } catch (Exception e) {
                            String reason = String.valueOf(e.getMessage());
                            failures.computeIfAbsent(
                                            reason.substring(0, Math.min(120, reason.length())), r -> new AtomicLong())
                                    .incrementAndGet();
                        } finally {
                            inFlight.release();
                        }
                        return null;
                    });
                }
            }
            double took = (System.nanoTime() - begin) / 1e9;
            awaitNoLag(kafkaAdmin, Duration.ofMinutes(5));
            double drained = (System.nanoTime() - begin) / 1e9;
            List<ServiceMetrics.Sample> after = metrics.snapshot();
            long failed = failures.values().stream().mapToLong(AtomicLong::get).sum();
            System.out.printf(
                    Locale.ROOT,
                    "%,d writes in %.1f s (%.0f/s), %d failed; every consumer caught up %.1f s after the start%n",
                    total,
                    took,
                    total / took,
                    failed,
                    drained);
            failures.forEach((reason, count) -> System.out.printf(Locale.ROOT, "  %,d x %s%n", count.get(), reason));
            ServiceMetrics.Freshness overview =
                    ServiceMetrics.freshness(before, after, "customer-overview-interaction", "crm.interaction.v1");
            System.out.printf(
                    Locale.ROOT,
                    "write -> overview (customer-overview-interaction, the service's histogram): %s (target p99 < 1000 ms)%n",
                    overview);
            long[] sorted = probed.stream().mapToLong(Long::longValue).sorted().toArray();
            if (sorted.length > 0) {
                System.out.printf(
                        Locale.ROOT,
                        "write -> overview timeline, probed through the gateway (%,d interactions, 100 ms polls): "
                                + "p50 %d ms, p99 %d ms, max %d ms%n",
                        sorted.length,
                        sorted[sorted.length / 2],
                        sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)],
                        sorted[sorted.length - 1]);
            }
            System.out.println("each consumer over the run (events applied, events/s over the write time, freshness):");
            ServiceMetrics.applied(before, after).forEach((key, events) -> {
                String[] parts = key.split(" ");
                ServiceMetrics.Freshness f = ServiceMetrics.freshness(before, after, parts[0], parts[1]);
                System.out.printf(
                        Locale.ROOT,
                        "  %-60s %,8.0f events %,7.1f/s  %s%n",
                        key,
                        events,
                        events / took,
                        f == null ? "" : f);
            });
        }
    }

    private void awaitNoLag(Admin kafkaAdmin, Duration limit) throws Exception {
        Instant deadline = Instant.now().plus(limit);
        while (offsets(kafkaAdmin).lag().values().stream()
                        .mapToLong(Long::longValue)
                        .sum()
                > 0) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("consumers still behind after " + limit);
            }
            Thread.sleep(500);
        }
    }

    /** Records an inbound interaction: its id. */
    private String interaction(String customerId, long seq) throws Exception {
        HttpResponse<String> created = erp.post(
                "/api/interactions",
                "{\"customerId\":\"" + customerId
                        + "\",\"channel\":\"WEB_CHAT\",\"direction\":\"INBOUND\",\"type\":\"INQUIRY\",\"occurredAt\":\""
                        + Instant.now() + "\",\"source\":\"" + source + "\",\"externalId\":\"I" + seq + "\"}");
        expect(created, 201);
        return JSON.readTree(created.body()).get("id").asString();
    }

    /** Waits until the overview's timeline shows the interaction: milliseconds since it was created (about). */
    private long seen(String customerId, String interactionId) throws Exception {
        long start = System.nanoTime();
        while (System.nanoTime() - start < 60_000_000_000L) {
            JsonNode overview = erp.get("/api/customers/" + customerId + "/overview");
            if (overview != null) {
                for (JsonNode entry : overview.at("/timeline/entries")) {
                    if (entry.get("interactionId").asString().equals(interactionId)) {
                        return (System.nanoTime() - start) / 1_000_000;
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("interaction " + interactionId + " not in the overview after 60 s");
    }

    private String purchase(int customer, long seq) {
        return "{\"customerRef\":{\"source\":\"" + source + "\",\"externalId\":\"C" + customer + "\"},\"source\":\""
                + source + "\",\"erpId\":\"S" + seq + "\",\"occurredAt\":\"" + Instant.now()
                + "\",\"amount\":\"19.90\","
                + "\"currency\":\"USD\",\"quantity\":1}";
    }

    private static void expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException("answered " + response.statusCode() + ": " + response.body());
        }
    }

    /**
     * Whether the overview's value section has heard from segmentation about this customer (a tier needs a full run
     * first, so on a fresh stack the stage is what every customer gets).
     */
    private boolean hasValue(String customerId) throws Exception {
        JsonNode overview = erp.get("/api/customers/" + customerId + "/overview");
        return overview != null
                && overview.at("/value/status").asString("").equals("known")
                && !overview.at("/value/lifecycleStage").isMissingNode()
                && !overview.at("/value/lifecycleStage").isNull();
    }

    /** Committed offsets and records not yet consumed, per group and topic ({@code group topic}). */
    record Offsets(Map<String, Long> committed, Map<String, Long> lag) {}

    /** Per "group topic": the committed offsets summed over partitions, and the lag (dead-letter topics left out). */
    static Offsets offsets(Admin admin) throws Exception {
        Map<String, Long> committed = new HashMap<>();
        Map<String, Long> lag = new HashMap<>();
        for (ConsumerGroupListing group : admin.listConsumerGroups().all().get()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group.groupId())
                    .partitionsToOffsetAndMetadata()
                    .get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            offsets.keySet().forEach(p -> latest.put(p, OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get();
            offsets.forEach((partition, offset) -> {
                if (offset != null && !partition.topic().endsWith(".dlt")) {
                    String key = group.groupId() + " " + partition.topic();
                    committed.merge(key, offset.offset(), Long::sum);
                    lag.merge(key, ends.get(partition).offset() - offset.offset(), Long::sum);
                }
            });
        }
        return new Offsets(committed, lag);
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
