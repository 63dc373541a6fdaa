package com.crm.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The 360 overview under steady load, beside the plain {@code GET /api/customers/{id}} in the same run: creates
 * {@code customers} customers, publishes for each the events the other services would (value scores, contact state,
 * survey answers, a complaint, a dozen interactions) as CloudEvents onto Kafka, waits until every overview shows
 * all sections known, then loads both calls over the same customers: at saturation (the same clients for the same
 * time: throughput, target overview >= 0.7x the plain GET) and at a steady rate (requests sent on schedule, timed
 * from when they were due: p50/p99, target overview p99 < 50 ms). Phases alternate their order per round.
 * Needs a running stack (./run-local.sh); the other services need not run.
 */
final class OverviewBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String target;
    private final String issuer;
    private final String client;
    private final String secret;
    private final String kafka;
    private final int customers;
    private final int concurrency;
    private final Duration duration;
    private final Duration warmup;
    private final int rounds;
    private final int rate;
    private final boolean events;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    OverviewBenchmark(Map<String, String> o) {
        target = o.getOrDefault("target", "http://localhost:8081");
        issuer = o.getOrDefault("issuer", "http://localhost:9000");
        client = o.getOrDefault("client", "crm-frontend");
        secret = o.getOrDefault("secret", env("CRM_FRONTEND_SECRET", "frontend-secret"));
        kafka = o.getOrDefault("kafka", "localhost:19092");
        customers = Integer.parseInt(o.getOrDefault("customers", "500"));
        concurrency = Integer.parseInt(o.getOrDefault("concurrency", "16"));
        duration = Duration.ofSeconds(Long.parseLong(o.getOrDefault("seconds", "30")));
        warmup = Duration.ofSeconds(Long.parseLong(o.getOrDefault("warmup-seconds", "10")));
        rounds = Integer.parseInt(o.getOrDefault("rounds", "2"));
        rate = Integer.parseInt(o.getOrDefault("rate", "300"));
        events = !"false".equals(o.getOrDefault("events", "true"));
    }

    void run() throws Exception {
        String token = token();
        System.out.printf(
                "overview: %d customers, %d concurrent clients, %d rounds of %d s per call (after %d s"
                        + " warm-up), %s%n",
                customers, concurrency, rounds, duration.toSeconds(), warmup.toSeconds(), target);
        List<UUID> ids = createCustomers(token);
        if (events) {
            publishEvents(ids);
            awaitProjected(token, ids);
        }
        load(token, ids, "", warmup);
        load(token, ids, "/overview", warmup);
        // alternate the order per round (plain first, then overview first) so that neither call profits from
        // the JIT or the caches warming up during the other's phase
        Result plain = Result.EMPTY;
        Result overview = Result.EMPTY;
        for (int round = 0; round < rounds; round++) {
            if (round % 2 == 0) {
                plain = plain.plus(load(token, ids, "", duration));
                overview = overview.plus(load(token, ids, "/overview", duration));
            } else {
                overview = overview.plus(load(token, ids, "/overview", duration));
                plain = plain.plus(load(token, ids, "", duration));
            }
        }
        System.out.println("saturation (" + concurrency + " clients, one request at a time each):");
        plain.print("  GET /api/customers/{id}         ");
        overview.print("  GET /api/customers/{id}/overview");
        double ratio = overview.throughput() / plain.throughput();
        System.out.printf(
                "  throughput ratio overview/plain: %.2f (target >= 0.70) %s%n",
                ratio, ratio >= 0.7 ? "OK" : "BELOW TARGET");

        // latency at a steady load: requests sent at a fixed rate whatever the answers take, each timed from when
        // it was due (so a stall counts for every request it delays)
        Result steadyPlain = Result.EMPTY;
        Result steadyOverview = Result.EMPTY;
        for (int round = 0; round < rounds; round++) {
            if (round % 2 == 0) {
                steadyPlain = steadyPlain.plus(paced(token, ids, "", duration));
                steadyOverview = steadyOverview.plus(paced(token, ids, "/overview", duration));
            } else {
                steadyOverview = steadyOverview.plus(paced(token, ids, "/overview", duration));
                steadyPlain = steadyPlain.plus(paced(token, ids, "", duration));
            }
        }
        System.out.println("steady load (" + rate + " requests/s):");
        steadyPlain.print("  GET /api/customers/{id}         ");
        steadyOverview.print("  GET /api/customers/{id}/overview");
        double p99 = steadyOverview.percentile(99);
        System.out.printf("  overview p99 %.2f ms (target < 50 ms) %s%n", p99, p99 < 50 ? "OK" : "ABOVE TARGET");
        if (plain.errors() > 0 || overview.errors() > 0) {
            System.out.println("note: non-2xx answers were counted as errors (429: run against customer-service "
                    + "directly, or start the gateway with CRM_GATEWAY_RATE_LIMIT_ENABLED=false)");
        }
    }

    private List<UUID> createCustomers(String token) throws Exception {
        List<UUID> ids = new ArrayList<>(customers);
        long start = System.nanoTime();
        for (int i = 0; i < customers; i++) {
            String body = """
                    {"type":"PERSON","givenName":"Bench","familyName":"Overview %d",
                     "emails":[{"address":"bench.overview.%d.%s@example.com","primary":true}],
                     "consents":{"EMAIL":{"status":"GRANTED","source":"bench"},"SMS":{"status":"DENIED","source":"bench"}}}""".formatted(i, i, UUID.randomUUID().toString().substring(0, 8));
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(target + "/api/customers"))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException(
                        "creating a customer answered " + response.statusCode() + ": " + response.body());
            }
            ids.add(UUID.fromString(JSON.readTree(response.body()).get("id").asString()));
        }
        System.out.printf("created %d customers in %.1f s%n", customers, (System.nanoTime() - start) / 1e9);
        return ids;
    }

    /** The events segmentation-, interaction- and feedback-service would publish, as structured CloudEvents. */
    private void publishEvents(List<UUID> ids) throws Exception {
        long start = System.nanoTime();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        int sent = 0;
        try (var producer = new KafkaProducer<>(
                Map.<String, Object>of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.LINGER_MS_CONFIG,
                        5),
                new StringSerializer(),
                new ByteArraySerializer())) {
            List<Future<?>> acks = new ArrayList<>();
            for (UUID id : ids) {
                for (var event : eventsFor(id, now)) {
                    acks.add(producer.send(new ProducerRecord<>(event.topic(), id.toString(), event.payload())));
                    sent++;
                }
            }
            for (Future<?> ack : acks) {
                ack.get();
            }
        }
        System.out.printf("published %d events in %.1f s%n", sent, (System.nanoTime() - start) / 1e9);
    }

    private record Event(String topic, byte[] payload) {}

    private static List<Event> eventsFor(UUID id, Instant now) {
        List<Event> list = new ArrayList<>();
        list.add(event(
                "crm.segmentation.v1",
                "crm.value.scored",
                id,
                now,
                data(
                        "customerId",
                        id,
                        "tier",
                        "A",
                        "clv",
                        "1843.27",
                        "clvPercentile",
                        "88.1",
                        "pAlive",
                        "0.912",
                        "expectedPurchases",
                        "3.4",
                        "rfmRecency",
                        5,
                        "rfmFrequency",
                        4,
                        "rfmMonetary",
                        4,
                        "rfmSegment",
                        "Loyal",
                        "keyAccountQuadrant",
                        "KEY_ACCOUNT",
                        "lifecycleStage",
                        "MATURE",
                        "churnRisk",
                        "LOW",
                        "scoredAt",
                        now.toString())));
        ObjectNode state = data("customerId", id, "preferredChannel", "EMAIL", "asOf", now.toString());
        state.putArray("lastContacts")
                .add(data(
                        "channel",
                        "EMAIL",
                        "direction",
                        "OUTBOUND",
                        "at",
                        now.minus(2, ChronoUnit.DAYS).toString()))
                .add(data(
                        "channel",
                        "PHONE",
                        "direction",
                        "INBOUND",
                        "at",
                        now.minus(9, ChronoUnit.DAYS).toString()));
        state.set(
                "nextDue",
                data(
                        "planId",
                        UUID.randomUUID(),
                        "planName",
                        "Gold care",
                        "channel",
                        "PHONE",
                        "dueAt",
                        now.plus(20, ChronoUnit.DAYS).toString()));
        state.putArray("policyWindows")
                .add(data(
                        "policyId",
                        UUID.randomUUID(),
                        "policyName",
                        "3 a month",
                        "purpose",
                        "SALES",
                        "maxContacts",
                        3,
                        "window",
                        "P30D",
                        "used",
                        1,
                        "remaining",
                        2));
        list.add(event("crm.interaction.v1", "crm.contact.state-changed", id, now, state));
        for (String[] survey : new String[][] {{"NPS", "9", "promoter"}, {"CSAT", "4", null}}) {
            list.add(event(
                    "crm.feedback.v1",
                    "crm.feedback.response-received",
                    id,
                    now,
                    data(
                            "customerId",
                            id,
                            "responseId",
                            UUID.randomUUID(),
                            "surveyId",
                            UUID.randomUUID(),
                            "surveyVersion",
                            1,
                            "surveyKind",
                            survey[0],
                            "channel",
                            "EMAIL",
                            "score",
                            Integer.parseInt(survey[1]),
                            "npsCategory",
                            survey[2],
                            "submittedAt",
                            now.minus(3, ChronoUnit.DAYS).toString())));
        }
        list.add(event(
                "crm.feedback.v1",
                "crm.complaint.opened",
                id,
                now,
                data(
                        "customerId",
                        id,
                        "complaintId",
                        UUID.randomUUID(),
                        "category",
                        "DELIVERY",
                        "severity",
                        "HIGH",
                        "channel",
                        "PHONE",
                        "openedAt",
                        now.minus(1, ChronoUnit.DAYS).toString(),
                        "dueAt",
                        now.plus(1, ChronoUnit.DAYS).toString())));
        for (int i = 0; i < 12; i++) {
            list.add(event(
                    "crm.interaction.v1",
                    "crm.interaction.recorded",
                    id,
                    now,
                    data(
                            "customerId",
                            id,
                            "interactionId",
                            UUID.randomUUID(),
                            "channel",
                            i % 2 == 0 ? "EMAIL" : "PHONE",
                            "direction",
                            "OUTBOUND",
                            "type",
                            "CALL",
                            "purpose",
                            "SERVICE",
                            "outcome",
                            "REACHED",
                            "occurredAt",
                            now.minus(i + 1, ChronoUnit.HOURS).toString(),
                            "durationSeconds",
                            120,
                            "agentId",
                            "agent-" + i,
                            "purchaseIntent",
                            false,
                            "policyOverride",
                            false)));
        }
        return list;
    }

    private static ObjectNode data(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            Object value = pairs[i + 1];
            map.put((String) pairs[i], value instanceof UUID u ? u.toString() : value);
        }
        return JSON.valueToTree(map);
    }

    private static Event event(String topic, String type, UUID subject, Instant time, JsonNode data) {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("specversion", "1.0");
        envelope.put("id", UUID.randomUUID().toString());
        envelope.put("source", "/crm/bench");
        envelope.put("type", type);
        envelope.put("subject", subject.toString());
        envelope.put("time", time.toString());
        envelope.put("datacontenttype", "application/json");
        envelope.set("data", data);
        return new Event(topic, JSON.writeValueAsBytes(envelope));
    }

    private void awaitProjected(String token, List<UUID> ids) throws Exception {
        long start = System.nanoTime();
        long deadline = start + Duration.ofMinutes(5).toNanos();
        int index = 0;
        while (index < ids.size()) {
            HttpResponse<String> response =
                    http.send(get(token, ids.get(index), "/overview"), HttpResponse.BodyHandlers.ofString());
            JsonNode overview = response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
            if (overview != null
                    && List.of("value", "contact", "voice", "timeline").stream()
                            .allMatch(s ->
                                    overview.at("/" + s + "/status").asString().equals("known"))
                    && overview.at("/timeline/entries").size() == 10) {
                index++;
                continue;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("customer-service did not project the events within 5 minutes (" + index
                        + " of " + ids.size() + " overviews complete); is it consuming from " + kafka + "?");
            }
            Thread.sleep(200);
        }
        System.out.printf(
                "all %d overviews complete %.1f s after publishing%n", ids.size(), (System.nanoTime() - start) / 1e9);
    }

    private HttpRequest get(String token, UUID id, String suffix) {
        return HttpRequest.newBuilder(URI.create(target + "/api/customers/" + id + suffix))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build();
    }

    private Result load(String token, List<UUID> ids, String suffix, Duration length) throws Exception {
        List<HttpRequest> requests =
                ids.stream().map(id -> get(token, id, suffix)).toList();
        return new Result(
                ClosedLoopLoad.run(http, concurrency, length, n -> requests.get((int) (n % requests.size()))));
    }

    private Result paced(String token, List<UUID> ids, String suffix, Duration length) throws Exception {
        List<HttpRequest> requests =
                ids.stream().map(id -> get(token, id, suffix)).toList();
        int total = (int) (rate * length.toSeconds());
        long interval = 1_000_000_000L / rate;
        long[] latencies = new long[total];
        boolean[] ok = new boolean[total];
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < total; i++) {
                long due = start + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                int n = i;
                senders.submit(() -> {
                    try {
                        HttpResponse<byte[]> response =
                                http.send(requests.get(n % requests.size()), HttpResponse.BodyHandlers.ofByteArray());
                        if (response.statusCode() / 100 == 2) {
                            latencies[n] = System.nanoTime() - due;
                            ok[n] = true;
                            return;
                        }
                    } catch (IOException | InterruptedException e) {
                        // counted below
                    }
                    errors.incrementAndGet();
                });
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] measured = IntStream.range(0, total)
                .filter(i -> ok[i])
                .mapToLong(i -> latencies[i])
                .sorted()
                .toArray();
        return new Result(measured, seconds, errors.get());
    }

    private record Result(ClosedLoopLoad.Sample sample) {

        static final Result EMPTY = new Result(ClosedLoopLoad.Sample.EMPTY);

        Result(long[] sortedNanos, double seconds, long errors) {
            this(new ClosedLoopLoad.Sample(sortedNanos, seconds, errors, 0));
        }

        Result plus(Result other) {
            return new Result(sample.plus(other.sample));
        }

        double throughput() {
            return sample.throughput();
        }

        double percentile(int p) {
            return sample.percentile(p);
        }

        long errors() {
            return sample.errors();
        }

        void print(String label) {
            System.out.printf(
                    "%s %9.1f req/s  p50 %7.2f ms  p99 %7.2f ms  (%d ok, %d errors)%n",
                    label, throughput(), percentile(50), percentile(99), sample.sortedNanos().length, sample.errors());
        }
    }

    private String token() throws Exception {
        String basic = Base64.getEncoder().encodeToString((client + ":" + secret).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(issuer + "/oauth2/token"))
                        .header("Authorization", "Basic " + basic)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "grant_type=client_credentials&scope=crm.read%20crm.write"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("token endpoint answered " + response.statusCode());
        }
        return JSON.readTree(response.body()).get("access_token").asString();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
