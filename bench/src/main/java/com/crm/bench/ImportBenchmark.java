package com.crm.bench;

import java.io.StringReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.DriverManager;
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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.postgresql.PGConnection;
import tools.jackson.databind.json.JsonMapper;

/**
 * Imports N customers and 10·N purchases through the ERP batch APIs of a running stack, then loads the same rows
 * with PostgreSQL COPY into scratch tables, and reports rows/s of both, their ratio, and events/s reaching Kafka.
 */
final class ImportBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> TOPICS = List.of("crm.customer.v1", "crm.purchase.v1");

    private final int customers;
    private final int purchasesPerCustomer;
    private final int threads;
    private final int batchSize;
    private final String gateway;
    private final String issuer;
    private final String client;
    private final String secret;
    private final String jdbcUrl;
    private final String dbUser;
    private final String dbPassword;
    private final String kafka;
    private final String source;
    private final ErpClient erp;
    private final boolean jobs;

    ImportBenchmark(Map<String, String> o) {
        customers = Integer.parseInt(o.getOrDefault("customers", "200000"));
        purchasesPerCustomer = Integer.parseInt(o.getOrDefault("purchases-per-customer", "10"));
        threads = Integer.parseInt(o.getOrDefault("threads", "4"));
        batchSize = Integer.parseInt(o.getOrDefault("batch", "1000"));
        gateway = o.getOrDefault("gateway", "http://localhost:8080");
        issuer = o.getOrDefault("issuer", "http://localhost:9000");
        client = o.getOrDefault("client", "crm-erp-integrator");
        secret = o.getOrDefault("secret", env("CRM_ERP_SECRET", "erp-secret"));
        jdbcUrl = o.getOrDefault("jdbc", "jdbc:postgresql://localhost:15432/crm_customer");
        dbUser = o.getOrDefault("db-user", "postgres");
        dbPassword = o.getOrDefault("db-password", env("CUSTOMER_DB_PASSWORD", "postgres"));
        kafka = o.getOrDefault("kafka", "localhost:19092");
        source = "bench" + Long.toString(System.currentTimeMillis(), 36);
        erp = new ErpClient(gateway, issuer, client, secret, threads, batchSize);
        jobs = "job".equals(o.getOrDefault("mode", "batch"));
    }

    void run() throws Exception {
        long purchases = (long) customers * purchasesPerCustomer;
        long rows = customers + purchases;
        System.out.printf(
                Locale.ROOT,
                "import benchmark (%s): %,d customers + %,d purchases = %,d rows, %d threads, "
                        + "batches of %d, through %s%n",
                jobs ? "import jobs" : "batch API",
                customers,
                purchases,
                rows,
                threads,
                batchSize,
                gateway);
        List<String> customerRows = new ArrayList<>(customers);
        List<String> purchaseRows = new ArrayList<>((int) purchases);
        StringBuilder customerCsv = new StringBuilder();
        StringBuilder purchaseCsv = new StringBuilder();
        generate(source, customers, purchasesPerCustomer, customerRows, purchaseRows, customerCsv, purchaseCsv);

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            long eventsBefore = endOffsets(admin);
            Instant start = Instant.now();
            if (jobs) {
                erp.importJob("CUSTOMERS", customerRows);
            } else {
                erp.send("/api/customers/batch", customerRows);
            }
            Instant customersDone = Instant.now();
            if (jobs) {
                erp.importJob("PURCHASES", purchaseRows);
            } else {
                erp.send("/api/purchases/batch", purchaseRows);
            }
            Duration api = Duration.between(start, Instant.now());
            Duration customerPhase = Duration.between(start, customersDone);
            Duration purchasePhase = Duration.between(customersDone, Instant.now());
            long expectedEvents = rows;
            Instant lastEvent = awaitEvents(admin, eventsBefore + expectedEvents, Duration.ofMinutes(10));
            Duration events = Duration.between(start, lastEvent);

            Duration copy = copy(customerCsv.toString(), purchaseCsv.toString());
            double apiRate = rows / seconds(api);
            double copyRate = rows / seconds(copy);
            double eventRate = expectedEvents / seconds(events);
            System.out.println();
            System.out.printf(Locale.ROOT, "rows                 %,d%n", rows);
            System.out.printf(
                    Locale.ROOT,
                    "API %-16s %,.0f rows/s  (%.1f s)%n",
                    jobs ? "import job" : "batch import",
                    apiRate,
                    seconds(api));
            System.out.printf(
                    Locale.ROOT,
                    "  customers          %,.0f rows/s  (%.1f s)%n",
                    customers / seconds(customerPhase),
                    seconds(customerPhase));
            System.out.printf(
                    Locale.ROOT,
                    "  purchases          %,.0f rows/s  (%.1f s)%n",
                    purchases / seconds(purchasePhase),
                    seconds(purchasePhase));
            System.out.printf(Locale.ROOT, "PostgreSQL COPY      %,.0f rows/s  (%.1f s)%n", copyRate, seconds(copy));
            System.out.printf(Locale.ROOT, "ratio API / COPY     %.3f  (target >= 0.15)%n", apiRate / copyRate);
            System.out.printf(
                    Locale.ROOT,
                    "events on Kafka      %,d in %.1f s from the first request: %,.0f events/s%n",
                    expectedEvents,
                    seconds(events),
                    eventRate);
        }
    }

    static void generate(
            String source,
            int customers,
            int purchasesPerCustomer,
            List<String> customerRows,
            List<String> purchaseRows,
            StringBuilder customerCsv,
            StringBuilder purchaseCsv) {
        Random random = new Random(42);
        Instant base = Instant.parse("2025-01-01T00:00:00Z");
        for (int c = 0; c < customers; c++) {
            String name = "Bench Customer " + c;
            String email = "c" + c + "@" + source + ".example.com";
            customerRows.add("{\"source\":\"" + source + "\",\"externalId\":\"C" + c + "\",\"customer\":{\"type\":"
                    + "\"PERSON\",\"displayName\":\"" + name + "\",\"emails\":[{\"address\":\"" + email + "\"}]}}");
            customerCsv
                    .append(source)
                    .append(",C")
                    .append(c)
                    .append(",PERSON,")
                    .append(name)
                    .append(',')
                    .append(email)
                    .append('\n');
            for (int p = 0; p < purchasesPerCustomer; p++) {
                String erpId = "P" + c + "-" + p;
                String amount = BigDecimal.valueOf(random.nextInt(50_000), 2)
                        .setScale(2, RoundingMode.UNNECESSARY)
                        .toPlainString();
                Instant at = base.plusSeconds(random.nextInt(300 * 86_400));
                purchaseRows.add("{\"customerRef\":{\"source\":\"" + source + "\",\"externalId\":\"C" + c
                        + "\"},\"source\":\"" + source + "\",\"erpId\":\"" + erpId + "\",\"occurredAt\":\"" + at
                        + "\",\"amount\":\"" + amount + "\",\"currency\":\"USD\",\"quantity\":1}");
                purchaseCsv
                        .append(source)
                        .append(',')
                        .append(erpId)
                        .append(",C")
                        .append(c)
                        .append(',')
                        .append(at)
                        .append(',')
                        .append(amount)
                        .append(",USD,1\n");
            }
        }
    }

    static long endOffsets(Admin admin) throws Exception {
        var partitions = new HashMap<TopicPartition, OffsetSpec>();
        for (var description :
                admin.describeTopics(TOPICS).allTopicNames().get().values()) {
            description
                    .partitions()
                    .forEach(p ->
                            partitions.put(new TopicPartition(description.name(), p.partition()), OffsetSpec.latest()));
        }
        return admin.listOffsets(partitions).all().get().values().stream()
                .mapToLong(o -> o.offset())
                .sum();
    }

    private static Instant awaitEvents(Admin admin, long target, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (endOffsets(admin) >= target) {
                return Instant.now();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("events did not all reach Kafka within " + timeout);
    }

    private Duration copy(String customerCsv, String purchaseCsv) throws Exception {
        Properties props = new Properties();
        props.setProperty("user", dbUser);
        props.setProperty("password", dbPassword);
        try (Connection db = DriverManager.getConnection(jdbcUrl, props);
                Statement s = db.createStatement()) {
            s.execute("drop table if exists bench_copy_customer, bench_copy_purchase");
            s.execute(
                    "create table bench_copy_customer (source varchar(50), external_id varchar(100), type varchar(16),"
                            + " display_name varchar(200), email varchar(254), primary key (source, external_id))");
            s.execute("create table bench_copy_purchase (source varchar(50), erp_id varchar(100),"
                    + " customer_external_id varchar(100), occurred_at timestamptz, amount numeric(19,4),"
                    + " currency char(3), quantity integer, primary key (source, erp_id))");
            var copy = db.unwrap(PGConnection.class).getCopyAPI();
            Instant start = Instant.now();
            copy.copyIn("copy bench_copy_customer from stdin (format csv)", new StringReader(customerCsv));
            copy.copyIn("copy bench_copy_purchase from stdin (format csv)", new StringReader(purchaseCsv));
            Duration took = Duration.between(start, Instant.now());
            s.execute("drop table bench_copy_customer, bench_copy_purchase");
            return took;
        }
    }

    private static double seconds(Duration d) {
        return Math.max(1, d.toMillis()) / 1000.0;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
