package com.crm.segmentation.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.segmentation.metrics.MetricsRepository;
import com.crm.test.CrmServiceTest;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The full segmentation run with its database (opt-in, not part of the build's tests; issue #21 target: 1,000,000
 * customers / 10,000,000 purchases in under 60 s with a heap under 2 GiB). Seeds N active customers and their
 * purchases straight into the service's own tables by COPY, drawn (seeded) from the same BG/NBD + Gamma-Gamma
 * process as bench's {@code segmentation} generator (r 1.5, alpha 7.5, a 0.6, b 6 in weeks; p 6, q 4, gamma 15) over
 * the two years before the calibration end, so the fits behave. Then the service's own path, as {@code POST
 * /api/segmentation/runs} takes it ({@link RunService#start}), twice: a first run (every customer's first scores, stage
 * and tier: every row and its events are new) and a second one on the same data (every score unchanged). Reported per
 * run: wall time of each progress phase (the run row polled every 50 ms), the rows and events written, heap used at
 * its peak (memory pools' peaks reset before the run, plus a 20 ms sampler of the heap used) and GC counts / times.
 *
 * <pre>
 * ./mvnw -B -o -q -pl segmentation-service verify -Dtest=FullRunBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=none -Dfailsafe.failIfNoSpecifiedTests=false -Dsegmentation.bench.fullrun.customers=1000000
 * </pre>
 *
 * Results: target/surefire-reports/com.crm.segmentation.run.FullRunBenchmark-output.txt (lines "BENCH"). It empties
 * the module's test database's customer tables first: run it alone.
 */
@CrmServiceTest(properties = "crm.outbox.poll-interval=1h") // the relay stays idle: the run is measured, not Kafka
@EnabledIfSystemProperty(named = "segmentation.bench.fullrun.customers", matches = "\\d+")
class FullRunBenchmark {

    private static final LocalDate END = LocalDate.of(2026, 11, 30);
    private static final LocalDate START = END.minusDays(730);

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    RunService runs;

    @Autowired
    MetricsRepository metrics;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void fullRun() throws Exception {
        int n = Integer.getInteger("segmentation.bench.fullrun.customers", 100_000);
        long t0 = System.nanoTime();
        long purchases = seed(n);
        long seeded = System.nanoTime();
        computeMetrics();
        System.out.printf(
                Locale.ROOT,
                "BENCH metrics of %,d customers computed as the purchase consumers keep them in %.1f s%n",
                n,
                (System.nanoTime() - seeded) / 1e9);
        System.out.printf(
                Locale.ROOT,
                "BENCH seeded %,d customers, %,d purchases in %.1f s (%d cores, max heap %d MiB, load average %s)%n",
                n,
                purchases,
                (System.nanoTime() - t0) / 1e9,
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20,
                loadAverage());

        RunView first = measure("first run (all new)");
        assertThat(first.status()).isEqualTo("SUCCEEDED");
        assertThat(first.customers()).isEqualTo(n);
        RunView second = measure("second run (same data)");
        assertThat(second.status()).isEqualTo("SUCCEEDED");
        assertThat(count("customer_value")).isEqualTo(n);
    }

    private RunView measure(String label) throws Exception {
        long outboxBefore = count("crm_outbox");
        long movesBefore = count("stage_transition");
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        long gcCount = gcCount();
        long gcMs = gcMs();
        long baseline = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        AtomicLong sampled = new AtomicLong();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(
                () -> sampled.accumulateAndGet(
                        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max),
                0,
                20,
                TimeUnit.MILLISECONDS);

        long start = System.nanoTime();
        UUID id = runs.start(END, "API").id();
        Map<String, Long> phaseStarts = new LinkedHashMap<>();
        // a bound for a hung run, not a speed target; each poll notes when a phase was first seen
        RunView view = Awaitility.await()
                .atMost(Duration.ofMinutes(30))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> {
                            RunView current = runs.find(id).orElseThrow();
                            phaseStarts.putIfAbsent(current.phase(), System.nanoTime());
                            return current;
                        },
                        current -> !"RUNNING".equals(current.status()));
        long end = System.nanoTime();
        sampler.shutdown();
        sampler.awaitTermination(1, TimeUnit.SECONDS);

        StringBuilder phases = new StringBuilder();
        List<Map.Entry<String, Long>> entries = new ArrayList<>(phaseStarts.entrySet());
        for (int k = 0; k < entries.size(); k++) {
            if ("done".equals(entries.get(k).getKey())) {
                continue;
            }
            long until = k + 1 < entries.size() ? entries.get(k + 1).getValue() : end;
            phases.append(String.format(
                    Locale.ROOT,
                    "%s%s %.1f s",
                    phases.isEmpty() ? "" : ", ",
                    entries.get(k).getKey(),
                    (until - entries.get(k).getValue()) / 1e9));
        }
        long rewritten = jdbc.sql("select count(*) from customer_value where updated_at >= :since")
                .param("since", java.sql.Timestamp.from(view.startedAt()))
                .query(Long.class)
                .single();
        System.out.printf(
                Locale.ROOT,
                "BENCH %s: %s in %.1f s (duration_ms %d); phases: %s%n",
                label,
                view.status(),
                (end - start) / 1e9,
                view.durationMs(),
                phases);
        System.out.printf(
                Locale.ROOT,
                "BENCH %s: customers %,d, stage changes %,d, tier changes %,d; rows rewritten %,d, stage log +%,d,"
                        + " outbox +%,d events%n",
                label,
                view.customers(),
                view.stageChanges(),
                view.tierChanges(),
                rewritten,
                count("stage_transition") - movesBefore,
                count("crm_outbox") - outboxBefore);
        System.out.printf(
                Locale.ROOT,
                "BENCH %s: peak heap used %d MiB (pools' peaks; sampled %d MiB, %d MiB before the run), GC %d"
                        + " collections / %.1f s; load average %s%n",
                label,
                peakHeapMiB(),
                sampled.get() >> 20,
                baseline >> 20,
                gcCount() - gcCount,
                (gcMs() - gcMs) / 1e3,
                loadAverage());
        if (view.error() != null) {
            System.out.println("BENCH error: " + view.error());
        }
        return view;
    }

    /**
     * The purchase consumers keep each buyer's metrics as its purchases arrive; the seed COPYs the purchases around
     * them, so they are computed here by the same statement, 10,000 customers at a time.
     */
    private void computeMetrics() {
        List<UUID> ids = jdbc.sql("select distinct customer_id from purchase")
                .query(UUID.class)
                .list();
        for (int from = 0; from < ids.size(); from += 10_000) {
            List<UUID> chunk = ids.subList(from, Math.min(ids.size(), from + 10_000));
            transactions.executeWithoutResult(status -> {
                jdbc.sql("set local statement_timeout = 0").update();
                metrics.recomputeAll(chunk, 90);
            });
        }
    }

    private long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    /** Empties the customer tables, then COPYs N profiles and their purchases; @return purchases seeded */
    private long seed(int n) throws Exception {
        SplittableRandom random = new SplittableRandom(20261125L);
        long purchases = 0;
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            // seeding takes longer than the service's statements may
            statement.execute("set statement_timeout = 0");
            statement.execute("""
                    truncate customer_profile, purchase, purchase_line, customer_metrics, customer_value,
                        stage_transition, prospect, segmentation_run, value_fit, crm_outbox""");
            PGConnection pg = connection.unwrap(PGConnection.class);
            CopyIn profiles = pg.getCopyAPI()
                    .copyIn("copy customer_profile (customer_id, status, type, tags, created_at, updated_at)"
                            + " from stdin (format csv)");
            List<UUID> ids = new ArrayList<>(n);
            StringBuilder chunk = new StringBuilder(1 << 20);
            for (int i = 0; i < n; i++) {
                UUID id = new UUID(random.nextLong(), random.nextLong());
                ids.add(id);
                chunk.append(id).append(",ACTIVE,PERSON,{bench},2024-01-01T00:00:00Z,2024-01-01T00:00:00Z\n");
                if (chunk.length() > 900_000) {
                    write(profiles, chunk);
                }
            }
            write(profiles, chunk);
            profiles.endCopy();

            CopyIn copy = pg.getCopyAPI()
                    .copyIn("copy purchase (purchase_id, kind, customer_id, occurred_at, day, amount)"
                            + " from stdin (format csv)");
            for (UUID id : ids) {
                purchases += simulate(random, id, chunk);
                if (chunk.length() > 900_000) {
                    write(copy, chunk);
                }
            }
            write(copy, chunk);
            copy.endCopy();
            statement.execute("analyze customer_profile");
            statement.execute("analyze purchase");
            statement.execute("reset statement_timeout");
        }
        return purchases;
    }

    private static void write(CopyIn copy, StringBuilder chunk) throws java.sql.SQLException {
        byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        chunk.setLength(0);
    }

    /** One customer of the true process, as CSV lines; @return lines */
    private static long simulate(SplittableRandom random, UUID customer, StringBuilder out) {
        return TrueProcess.simulate(random, (day, amount) -> line(out, random, customer, day, amount));
    }

    private static void line(StringBuilder out, SplittableRandom random, UUID customer, int day, double amount) {
        LocalDate date = START.plusDays(day);
        out.append(new UUID(random.nextLong(), random.nextLong()))
                .append(",PURCHASE,")
                .append(customer)
                .append(',')
                .append(date)
                .append("T12:00:00Z,")
                .append(date)
                .append(',')
                .append(String.format(Locale.ROOT, "%.2f", Math.max(0.01, amount)))
                .append('\n');
    }

    private static long peakHeapMiB() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount)
                .sum();
    }

    private static long gcMs() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime)
                .sum();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
