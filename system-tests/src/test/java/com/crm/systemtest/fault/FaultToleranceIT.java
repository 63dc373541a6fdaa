package com.crm.systemtest.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.crm.local.EmbeddedStack;
import com.crm.systemtest.Http;
import com.crm.systemtest.Summary;
import com.crm.systemtest.SystemUnderTest;
import com.crm.systemtest.Tokens.Client;
import com.crm.systemtest.fault.LoadWriter.Kind;
import com.crm.systemtest.fault.LoadWriter.LoadCustomer;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * While a writer sends a steady stream of customers, updates, purchases and interactions through the gateway, Kafka
 * stops for a while and comes back, PostgreSQL restarts, and customer-service is killed (-9) and restarted. Then every
 * acknowledged write must be in its owner exactly once and in every downstream projection exactly once: segmentation's
 * spend and interaction counts, the customer change feed (one crm.customer.registered each). Runs last: it breaks parts of the platform.
 * <p>
 * {@code crm.load.seconds} and {@code crm.load.rate} size the run (CI: 40 s at 25 writes/s; {@code -Pload}: 300 s at 50).
 */
@Order(100)
class FaultToleranceIT {

    private static final String KILLED_SERVICE = "customer-service";

    private final List<String> timeline = new CopyOnWriteArrayList<>();

    @Test
    void acknowledgedWritesSurviveKafkaPostgresAndServiceFailuresExactlyOnce() throws Exception {
        SystemUnderTest system = SystemUnderTest.get();
        assumeThat(system.control())
                .as("fault tests need the stack this JVM started (not -Dcrm.system.url)")
                .isPresent();
        EmbeddedStack stack = system.control().orElseThrow();
        int seconds = Integer.getInteger("crm.load.seconds", 40);
        int rate = Integer.getInteger("crm.load.rate", 25);
        String run = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
        LoadWriter writer = new LoadWriter(system.gateway(), system.tokens(), run);

        long begin = System.nanoTime();
        AtomicBoolean faultsDone = new AtomicBoolean();
        ScheduledExecutorService faults = Executors.newSingleThreadScheduledExecutor();
        faults.schedule(
                () -> {
                    try {
                        injectFaults(stack, seconds);
                    } catch (RuntimeException ex) {
                        this.timeline.add("fault injection failed: " + ex);
                        throw ex;
                    } finally {
                        faultsDone.set(true);
                    }
                },
                Math.max(3, seconds * 15 / 100),
                TimeUnit.SECONDS);
        writer.run(
                rate,
                () -> !faultsDone.get() || System.nanoTime() - begin < TimeUnit.SECONDS.toNanos(seconds),
                Duration.ofSeconds(60));
        faults.shutdown();
        assertThat(faults.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
        this.timeline.add(String.format(
                Locale.ROOT, "writer stopped after %.0f s: %s", (System.nanoTime() - begin) / 1e9, writer.describe()));
        this.timeline.forEach((line) -> System.out.println("[faults] " + line));
        writer.rejections().forEach((line) -> System.out.println("[faults] refused: " + line));

        int sent = 0;
        int acknowledged = 0;
        for (Kind kind : Kind.values()) {
            sent += writer.sent(kind);
            acknowledged += writer.acknowledged(kind);
        }
        // the owners answer at once; the projections follow through Kafka: give them time to catch up
        Verification verification = new Verification(system, writer);
        Verification.Counts[] last = new Verification.Counts[1];
        int expected = acknowledged;
        try {
            await().atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofSeconds(5))
                    .until(() -> {
                        last[0] = verification.verify();
                        return last[0].found() == expected && last[0].duplicates() == 0;
                    });
        } catch (ConditionTimeoutException ex) {
            // reported below with the figures
        }
        Verification.Counts result = last[0];
        String counts = String.format(
                Locale.ROOT,
                "sent=%d acknowledged=%d found=%d duplicates=%d",
                sent,
                acknowledged,
                result.found(),
                result.duplicates());
        Summary.add(
                "faults",
                counts
                        + String.format(
                                Locale.ROOT,
                                " (%d s at %d/s; Kafka stopped 10 s, PostgreSQL restarted, "
                                        + "%s killed -9 and restarted)",
                                seconds,
                                rate,
                                KILLED_SERVICE));
        Summary.add("faults", writer.describe());
        System.out.println("[faults] " + counts);
        List<String> report = new ArrayList<>(result.problems());
        if (result.found() != acknowledged) {
            // the change feed serves only transactions older than every one still running in the cluster: name those
            report.addAll(0, openTransactions(stack));
        }
        Files.write(Path.of("target", "fault-problems.txt"), report);
        report.stream()
                .filter((line) -> line.startsWith("open transaction"))
                .forEach((line) -> System.out.println("[faults] " + line));
        result.problems().stream().limit(20).forEach((line) -> System.out.println("[faults] " + line));
        if (result.problems().size() > 20) {
            System.out.println(
                    "[faults] ... " + (result.problems().size() - 20) + " more in target/fault-problems.txt");
        }

        assertThat(acknowledged).as("the writer got writes acknowledged").isGreaterThan(seconds * rate / 4);
        assertThat(result.found())
                .as("acknowledged writes found exactly once in their owner and every projection; " + "first problems: "
                        + result.problems().stream().limit(5).toList())
                .isEqualTo(acknowledged);
        assertThat(result.duplicates()).as("duplicate effects").isZero();
    }

    /** The cluster's oldest transactions still open (they hold the change feed's horizon back). */
    private static List<String> openTransactions(EmbeddedStack stack) {
        List<String> lines = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(
                        stack.jdbcUrl("postgres"), stack.databaseUser(), stack.databasePassword());
                Statement sql = db.createStatement();
                ResultSet rows = sql.executeQuery("""
						select datname, application_name, state, xact_start, backend_xid, backend_xmin,
						       left(regexp_replace(query, '\\s+', ' ', 'g'), 300) as query
						from pg_stat_activity
						where (backend_xid is not null or backend_xmin is not null) and pid <> pg_backend_pid()
						order by xact_start nulls last limit 10""")) {
            while (rows.next()) {
                lines.add(String.format(
                        Locale.ROOT,
                        "open transaction: db=%s app=%s state=%s since=%s xid=%s xmin=%s query=%s",
                        rows.getString(1),
                        rows.getString(2),
                        rows.getString(3),
                        rows.getString(4),
                        rows.getString(5),
                        rows.getString(6),
                        rows.getString(7)));
            }
        } catch (SQLException ex) {
            lines.add("open transaction: cannot read pg_stat_activity: " + ex.getMessage());
        }
        return lines;
    }

    /** Kafka down 10 s, then PostgreSQL restarted, then customer-service killed and restarted, a few seconds apart. */
    private void injectFaults(EmbeddedStack stack, int seconds) {
        long gap = Math.max(3, seconds / 8);
        note("stopping Kafka");
        stack.stopKafka();
        pause(10);
        stack.startKafka();
        note("Kafka started again");
        pause(gap);
        note("restarting PostgreSQL");
        stack.stopPostgres();
        stack.startPostgres();
        note("PostgreSQL started again");
        pause(gap);
        note("killing " + KILLED_SERVICE);
        stack.killService(KILLED_SERVICE);
        stack.startService(KILLED_SERVICE);
        note(KILLED_SERVICE + " healthy again");
    }

    private void note(String event) {
        this.timeline.add(LocalTime.now().withNano(0) + " " + event);
    }

    /** A fault lasts this long: the writer keeps writing meanwhile (nothing is awaited here). */
    private static void pause(long seconds) {
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(seconds));
    }

    /** Reads back what the writer had acknowledged. */
    static final class Verification {

        record Counts(int found, int duplicates, List<String> problems) {}

        private final SystemUnderTest system;

        private final LoadWriter writer;

        Verification(SystemUnderTest system, LoadWriter writer) {
            this.system = system;
            this.writer = writer;
        }

        private String token() {
            return this.system.tokens().of(Client.ADMIN);
        }

        /**
         * Each acknowledged write counts as found when it is in its owner exactly once and in every projection that
         * follows it: a customer (by its unique email among the run's tag) with one crm.customer.registered in the
         * change feed; an update applied (the jobTitle of the last acknowledged one, or a later one); a purchase in the
         * ledger (by erpId) with segmentation's total spend equal to the ledger's; an interaction in the timeline (by
         * externalId) with segmentation's interaction count equal to the timeline's.
         */
        Counts verify() {
            int found = 0;
            int duplicates = 0;
            List<String> problems = new ArrayList<>();
            Map<String, List<JsonNode>> byEmail = new HashMap<>();
            for (JsonNode customer : pages("/api/customers?tag=" + this.writer.tag())) {
                customer.path("emails")
                        .forEach((email) -> byEmail.computeIfAbsent(
                                        email.path("address").asText(), (k) -> new ArrayList<>())
                                .add(customer));
            }
            Map<String, Integer> registered = new HashMap<>();
            for (JsonNode event : feed()) {
                if (event.path("type").asText().equals("crm.customer.registered")) {
                    registered.merge(
                            event.path("subject")
                                    .asText(event.path("data").path("id").asText()),
                            1,
                            Integer::sum);
                }
            }
            if (this.feedRepeat != null) {
                problems.add("change feed repeats events: " + this.feedRepeat);
            }
            for (LoadCustomer customer : this.writer.customers()) {
                List<JsonNode> matches = byEmail.getOrDefault(customer.email, List.of());
                if (matches.size() > 1) {
                    duplicates += matches.size() - 1;
                    problems.add(customer.email + " registered " + matches.size() + " times");
                }
                if (customer.id == null) {
                    continue;
                }
                if (matches.size() != 1 || !matches.get(0).path("id").asText().equals(customer.id)) {
                    problems.add("customer " + customer.id + " (" + customer.email + ") acknowledged, found "
                            + matches.size());
                    continue;
                }
                int events = registered.getOrDefault(customer.id, 0);
                duplicates += Math.max(0, events - 1);
                if (events == 1) {
                    found++;
                } else {
                    problems.add("change feed: " + events + " crm.customer.registered for " + customer.id);
                }
                if (customer.lastAcknowledgedUpdate > 0) {
                    String jobTitle = matches.get(0).path("jobTitle").asText("");
                    int applied = jobTitle.startsWith("v") ? Integer.parseInt(jobTitle.substring(1)) : 0;
                    if (applied >= customer.lastAcknowledgedUpdate) {
                        found += customer.lastAcknowledgedUpdate;
                    } else {
                        problems.add("customer " + customer.id + ": update v" + customer.lastAcknowledgedUpdate
                                + " acknowledged, jobTitle is '" + jobTitle + "'");
                    }
                }
                Map<String, Integer> purchases = count(pages("/api/purchases?customerId=" + customer.id), "erpId");
                int purchasesFound = countAcknowledged(customer.purchases, purchases, "purchase", problems);
                duplicates += duplicates(purchases, problems, "purchase");
                Map<String, Integer> interactions =
                        count(pages("/api/interactions?customerId=" + customer.id), "externalId");
                int interactionsFound = countAcknowledged(customer.interactions, interactions, "interaction", problems);
                duplicates += duplicates(interactions, problems, "interaction");

                int ledger =
                        purchases.values().stream().mapToInt(Integer::intValue).sum();
                int timeline = interactions.values().stream()
                        .mapToInt(Integer::intValue)
                        .sum();
                Http.Response value = this.system
                        .gateway()
                        .get("/api/segmentation/customers/" + customer.id)
                        .token(token())
                        .send();
                if (value.status() == 404 && ledger == 0 && timeline == 0) {
                    // segmentation knows nothing of a customer without purchases or interactions: right
                    continue;
                }
                if (value.status() != 200) {
                    problems.add("segmentation: HTTP " + value.status() + " for " + customer.id + " (ledger " + ledger
                            + " purchases, timeline " + timeline + " interactions)");
                    continue;
                }
                JsonNode metrics = value.json().path("metrics");
                String spendText = metrics.path("totalSpend").asText("");
                BigDecimal spend = spendText.isEmpty() ? BigDecimal.ZERO : new BigDecimal(spendText);
                BigDecimal owned = BigDecimal.TEN.multiply(BigDecimal.valueOf(ledger));
                if (spend.compareTo(owned) == 0) {
                    found += purchasesFound;
                } else {
                    problems.add("segmentation total spend " + spend + " for " + customer.id + ", ledger " + owned);
                    duplicates += (spend.compareTo(owned) > 0) ? 1 : 0;
                }
                // no metrics yet (nothing bought, nothing said) counts as zero
                int counted = metrics.path("recentInteractions").asInt(0);
                if (counted == timeline) {
                    found += interactionsFound;
                } else {
                    problems.add("segmentation recentInteractions " + counted + " for " + customer.id + ", timeline "
                            + timeline);
                    duplicates += (counted > timeline) ? 1 : 0;
                }
            }
            return new Counts(found, duplicates, problems);
        }

        /** Where each event id was seen: a feed must serve an event once (the first repeat is described). */
        private String feedRepeat;

        private List<JsonNode> feed() {
            List<JsonNode> events = new ArrayList<>();
            Map<String, String> seen = new HashMap<>();
            String cursor = null;
            for (int page = 0; page < 1000; page++) {
                Http.Response response = this.system
                        .gateway()
                        .get("/api/customers/changes?limit=500" + ((cursor != null) ? "&cursor=" + cursor : ""))
                        .token(token())
                        .send();
                assertThat(response.status()).as(response.toString()).isEqualTo(200);
                JsonNode body = response.json();
                int index = 0;
                for (JsonNode event : body.path("items")) {
                    String where = "page " + page + " item " + index++ + " (cursor " + cursor + ")";
                    String before = seen.putIfAbsent(event.path("id").asText(), where);
                    if (before != null && this.feedRepeat == null) {
                        this.feedRepeat = "event " + event.path("id").asText() + " served at " + before + " and at "
                                + where + "; next cursor "
                                + body.path("nextCursor").asText();
                    }
                    events.add(event);
                }
                if (body.path("items").isEmpty()) {
                    return events;
                }
                cursor = URLEncoder.encode(body.path("nextCursor").asText(), StandardCharsets.UTF_8);
            }
            return events;
        }

        private List<JsonNode> pages(String path) {
            List<JsonNode> items = new ArrayList<>();
            String cursor = null;
            String separator = path.contains("?") ? "&" : "?";
            for (int page = 0; page < 1000; page++) {
                Http.Response response = this.system
                        .gateway()
                        .get(path + separator + "limit=500" + ((cursor != null) ? "&cursor=" + cursor : ""))
                        .token(token())
                        .send();
                assertThat(response.status()).as(path + ": " + response).isEqualTo(200);
                JsonNode body = response.json();
                body.path("items").forEach(items::add);
                if (body.path("nextCursor").isNull()
                        || body.path("nextCursor").asText().isEmpty()) {
                    return items;
                }
                cursor = URLEncoder.encode(body.path("nextCursor").asText(), StandardCharsets.UTF_8);
            }
            return items;
        }

        private static Map<String, Integer> count(List<JsonNode> items, String field) {
            Map<String, Integer> counts = new HashMap<>();
            items.forEach((item) -> counts.merge(item.path(field).asText(), 1, Integer::sum));
            return counts;
        }

        private static int countAcknowledged(
                List<String> acknowledged, Map<String, Integer> present, String what, List<String> problems) {
            int found = 0;
            for (String key : acknowledged) {
                if (present.getOrDefault(key, 0) >= 1) {
                    found++;
                } else {
                    problems.add(what + " " + key + " acknowledged but missing");
                }
            }
            return found;
        }

        private static int duplicates(Map<String, Integer> present, List<String> problems, String what) {
            int duplicates = 0;
            for (Map.Entry<String, Integer> entry : present.entrySet()) {
                if (entry.getValue() > 1) {
                    duplicates += entry.getValue() - 1;
                    problems.add(what + " " + entry.getKey() + " present " + entry.getValue() + " times");
                }
            }
            return duplicates;
        }
    }
}
