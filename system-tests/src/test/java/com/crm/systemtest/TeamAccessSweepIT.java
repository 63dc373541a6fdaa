package com.crm.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.crm.systemtest.ApiOperations.Operation;
import com.crm.systemtest.ApiOperations.Value;
import com.crm.systemtest.Tokens.Client;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Record-level access across teams, for every operation of the live aggregated OpenAPI document: two teams' agents
 * (alice of North, bob of South) and North's manager (maria), signed in through the issuer with PKCE, each reach for
 * every record of the other team (customers, purchases, interactions, complaints, relationships, offer declines,
 * survey invitations and responses) in the path, the query and the body. No answer may be a 2xx that reaches such
 * a record or carries any of its data (ids, names, emails, phones) in a list, a count or a CSV. The owners' own
 * reads of the same records are the control: they do answer.
 */
@Order(4)
class TeamAccessSweepIT {

    private static final Duration EVENTUALLY = Duration.ofMinutes(3);

    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);

    private static SystemUnderTest system;

    private static SchemaSamples samples;

    private static List<Operation> operations;

    private static String admin;

    private static Team north;

    private static Team south;

    /** Shared configuration (not a team's record): a survey and a segment holding both teams' customers. */
    private static String surveyId;

    private static String segmentId;

    /** A team's records, created by its agent (who owns them): what the other team must never reach. */
    record Team(String name, String agent, Map<String, String> ids, List<String> personal) {

        String id(String kind) {
            return this.ids.get(kind);
        }

        /** Every string whose presence in an answer would show this team's data. */
        List<String> secrets() {
            List<String> all = new ArrayList<>(this.ids.values());
            all.addAll(this.personal);
            return all;
        }

        String foundIn(String text) {
            String lower = text.toLowerCase(Locale.ROOT);
            return secrets().stream()
                    .filter((secret) -> lower.contains(secret.toLowerCase(Locale.ROOT)))
                    .findFirst()
                    .orElse(null);
        }
    }

    record Probe(String actor, Team target, Operation operation, String path, byte[] body) {}

    record Finding(String what, Probe probe, Http.Response response) {

        @Override
        public String toString() {
            String body = (this.probe.body() == null) ? "" : new String(this.probe.body(), StandardCharsets.UTF_8);
            return this.what + ": " + this.probe.actor() + " -> "
                    + this.probe.operation().method() + " "
                    + this.probe.path() + (body.isEmpty() ? "" : " body " + abbreviate(body)) + " -> HTTP "
                    + this.response.status() + " " + this.response.abbreviated();
        }
    }

    @BeforeAll
    static void twoTeamsWithRecords() {
        system = SystemUnderTest.get();
        JsonNode api = LiveApi.aggregated(system);
        samples = new SchemaSamples(api);
        operations = ApiOperations.of(api);
        admin = system.tokens().of(Client.ADMIN);

        Http.Response survey = send("POST", "/api/surveys", admin, """
                {"name":"access sweep %s","kind":"NPS","questions":[{"id":"nps","type":"NPS",
                 "text":"How likely are you to recommend us?","required":true}]}""".formatted(RUN));
        surveyId = created(survey);
        assertThat(send("POST", "/api/surveys/" + surveyId + "/activate", admin, null)
                        .status())
                .isEqualTo(200);

        north = seed("north", "alice");
        south = seed("south", "bob");

        Http.Response segment = send("POST", "/api/segmentation/segments", admin, """
                {"name":"access sweep %s","condition":{"field":"tags","op":"contains","value":"sweep-%s"}}""".formatted(RUN, RUN));
        segmentId = created(segment);

        // the derived views hold both teams' records before anyone reaches for them
        for (Team team : List.of(north, south)) {
            String customer = team.id("customer");
            await().atMost(EVENTUALLY).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                assertThat(send("GET", "/api/customers/" + customer + "/timeline", admin, null)
                                .body())
                        .contains(team.id("interaction"));
                assertThat(send("GET", "/api/segmentation/customers/" + customer, admin, null)
                                .status())
                        .isEqualTo(200);
                assertThat(send("GET", "/api/segmentation/segments/" + segmentId + "/members.csv", admin, null)
                                .body())
                        .contains(customer);
            });
        }
    }

    @Test
    void noOneReachesTheOtherTeamsRecordsThroughAnyOperation() throws Exception {
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String person : List.of("alice", "bob", "maria")) {
            tokens.put(person, system.tokens().ofPerson(person));
        }
        List<Probe> reads = new ArrayList<>();
        List<Probe> writes = new ArrayList<>();
        for (Operation operation : operations) {
            for (Map.Entry<String, Team> reach :
                    Map.of("alice", south, "maria", south, "bob", north).entrySet()) {
                Probe probe = probe(reach.getKey(), reach.getValue(), operation);
                (operation.method().equals("GET") ? reads : writes).add(probe);
            }
        }
        ConcurrentLinkedQueue<Finding> findings = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> answers = new ConcurrentLinkedQueue<>();
        Map<Integer, AtomicInteger> statuses = new ConcurrentSkipListMap<>();
        // reads first: a write that wrongly succeeded (a delete) must not hide what a read would have shown
        for (List<Probe> batch : List.of(reads, writes)) {
            ApiOperations.run(batch, (probe) -> {
                Http.Response response = send(probe, tokens.get(probe.actor()));
                statuses.computeIfAbsent(response.status(), (s) -> new AtomicInteger())
                        .incrementAndGet();
                answers.add(response.status() + " " + probe.operation().name() + " (" + probe.actor() + "): "
                        + response.abbreviated());
                String finding = judge(probe, response);
                if (finding != null) {
                    findings.add(new Finding(finding, probe, response));
                }
                return null;
            });
        }

        // the control: the same reads by the records' owners do reach them
        Map<String, Integer> control = new TreeMap<>();
        int ownersAnswered = 0;
        for (Operation operation : operations) {
            if (!operation.method().equals("GET")) {
                continue;
            }
            Probe own = probe("bob", south, operation);
            Http.Response response = send(own, tokens.get("bob"));
            if (response.status() / 100 == 2 && south.foundIn(response.body()) != null) {
                ownersAnswered++;
                control.put(operation.name(), response.status());
            }
        }
        assertThat(control)
                .as("the owner reaches their records: the probes are aimed right")
                .containsKeys(
                        "GET /api/customers/{id}",
                        "GET /api/customers/{id}/overview",
                        "GET /api/customers/{customerId}/timeline",
                        "GET /api/interactions/{id}",
                        "GET /api/complaints/{id}",
                        "GET /api/purchases/{id}",
                        "GET /api/segmentation/segments/{id}/members.csv");

        String line = String.format(
                Locale.ROOT,
                "%d operations x 3 people reaching the other team's records (%d requests): 2xx reaching or "
                        + "carrying them=%d; statuses %s; the owner's own reads answered %d",
                operations.size(),
                reads.size() + writes.size(),
                findings.size(),
                statuses,
                ownersAnswered);
        Summary.add("access", line);
        // every answer, for reading which refusals were access (403, 404) and which the input's (400, 409, 422)
        Files.write(
                Path.of("target", "team-access-answers.txt"),
                answers.stream().sorted().toList(),
                StandardCharsets.UTF_8);
        ApiOperations.writeFindings("team-access-findings.txt", findings);
        assertThat(findings.size())
                .as("no person may reach another team's records; see target/team-access-findings.txt; first: "
                        + findings.stream().limit(3).toList())
                .isZero();
    }

    @Test
    void countsOnlyCountWhatTheCallerSees() {
        String alice = system.tokens().ofPerson("alice");
        JsonNode segment = send("GET", "/api/segmentation/segments/" + segmentId, alice, null)
                .json();
        assertThat(segment.path("members").asInt())
                .as("alice sees her two customers of the segment, not bob's: %s", segment)
                .isEqualTo(2);
        assertThat(send("GET", "/api/segmentation/segments/" + segmentId, admin, null)
                        .json()
                        .path("members")
                        .asInt())
                .isEqualTo(4);
        String csv = send("GET", "/api/segmentation/segments/" + segmentId + "/members.csv", alice, null)
                .body();
        assertThat(csv).contains(north.id("customer")).doesNotContain(south.id("customer"));
        JsonNode tagged = send("GET", "/api/customers?tag=sweep-" + RUN + "&limit=50", alice, null)
                .json();
        assertThat(tagged.path("items").findValuesAsText("id"))
                .containsExactlyInAnyOrder(north.id("customer"), north.id("related"));

        // analytics count the complaints one may list, no more
        long aliceOpened = opened(alice);
        int aliceListed = send("GET", "/api/complaints?limit=500", alice, null)
                .json()
                .path("items")
                .size();
        assertThat(aliceOpened).isPositive().isEqualTo(aliceListed);
        assertThat(opened(admin)).isGreaterThan(aliceOpened);
        // figures over every customer are for those who see every customer
        assertThat(send("GET", "/api/kpis", alice, null).status()).isEqualTo(403);
        assertThat(send("GET", "/api/kpis", admin, null).status()).isEqualTo(200);
    }

    private static long opened(String token) {
        long opened = 0;
        for (JsonNode group : send("GET", "/api/analytics/complaints?groupBy=category", token, null)
                .json()
                .path("items")) {
            opened += group.path("opened").asLong();
        }
        return opened;
    }

    // ---- judging an answer

    /** What is wrong with the answer, or null. */
    private static String judge(Probe probe, Http.Response response) {
        if (response.status() / 100 != 2) {
            return null;
        }
        Team target = probe.target();
        String pathOnly = probe.path().contains("?")
                ? probe.path().substring(0, probe.path().indexOf('?'))
                : probe.path();
        String inPath = target.foundIn(pathOnly);
        if (inPath != null) {
            return "2xx on the other team's record " + inPath;
        }
        String answer = visiblePart(response);
        String carried = target.foundIn(answer);
        if (carried != null) {
            return "2xx carrying the other team's " + carried;
        }
        // a search names what it looks for: only what it answers counts
        boolean read = probe.operation().path().endsWith("/search");
        String asked = (probe.body() == null || read)
                ? null
                : target.foundIn(new String(probe.body(), StandardCharsets.UTF_8));
        if (asked != null && !probe.operation().path().endsWith("/batch")) {
            return "2xx acting on the other team's " + asked;
        }
        if (asked != null && !answer.isBlank() && !onlyRejected(response)) {
            return "a batch item acting on the other team's " + asked;
        }
        return null;
    }

    /** The answer without the problems of a batch's rejected items (which echo what the caller sent). */
    private static String visiblePart(Http.Response response) {
        if (!response.contentType().contains("json") || response.bytes().length == 0) {
            return response.body();
        }
        JsonNode json = response.json();
        if (json.path("results").isArray()) {
            ArrayNode kept = Http.JSON.createArrayNode();
            json.path("results").forEach((item) -> {
                if (!"rejected".equals(item.path("status").asText())) {
                    kept.add(item);
                }
            });
            return kept.toString();
        }
        return json.toString();
    }

    private static boolean onlyRejected(Http.Response response) {
        if (!response.contentType().contains("json")) {
            return false;
        }
        for (JsonNode item : response.json().path("results")) {
            if (!"rejected".equals(item.path("status").asText())) {
                return false;
            }
        }
        return true;
    }

    // ---- probes

    private static Probe probe(String actor, Team target, Operation operation) {
        String path = ApiOperations.path(operation, samples, (op, in, name, schema) -> {
            String id = parameter(op.path(), in, name, target);
            return (id == null) ? null : new Value(id, false, true);
        });
        byte[] body = null;
        String written = validBody(operation.name(), target);
        if (written != null) {
            body = written.getBytes(StandardCharsets.UTF_8);
        } else if (operation.hasBody()) {
            JsonNode sample = samples.valid(operation.bodySchema());
            aimAt(sample, target);
            body = ApiOperations.bytes(sample);
        }
        return new Probe(actor, target, operation, path, body);
    }

    /**
     * A body the operation accepts but for the customer it names, where the schema's sample would be refused for
     * its own sake (a price that is no number, answers the survey lacks, a policy override only admins may ask): so
     * that the refusal seen is the access check's.
     */
    private static String validBody(String operation, Team target) {
        String customer = target.id("customer");
        String yesterday = Instant.now()
                .minus(1, ChronoUnit.DAYS)
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
        String interaction = """
                {"customerId":"%s","channel":"PHONE","direction":"INBOUND","type":"INQUIRY","occurredAt":"%s"}""".formatted(customer, yesterday);
        return switch (operation) {
            case "POST /api/interactions" -> interaction;
            case "POST /api/interactions/batch" -> "{\"items\":[" + interaction + "]}";
            case "POST /api/purchases" -> """
                    {"customerId":"%s","source":"sweep","erpId":"sweep-probe-%s","occurredAt":"%s","amount":"10.00",
                     "currency":"CNY"}""".formatted(customer, UUID.randomUUID(), yesterday);
            case "POST /api/surveys/{surveyId}/responses" -> """
                    {"customerId":"%s","channel":"PHONE","answers":{"nps":3}}""".formatted(customer);
            case "POST /api/surveys/{surveyId}/invitations" -> """
                    {"customerId":"%s","channel":"EMAIL"}""".formatted(customer);
            // the other team's customer by email, or anyone of the run's tag: only one's own may come back
            case "POST /api/customers/search" -> """
                    {"filterGroups":[{"filters":[{"propertyName":"email","operator":"EQ","value":"%s"}]},
                     {"filters":[{"propertyName":"tags","operator":"CONTAINS_TOKEN","value":"sweep-%s"}]}],
                     "limit":50}""".formatted(target.personal().get(1), RUN);
            case "POST /api/segmentation/segments/preview" -> """
                    {"condition":{"field":"tags","op":"contains","value":"sweep-%s"}}""".formatted(RUN);
            default -> null;
        };
    }

    /** Which of the target's records a parameter names, or null for the schema's sample value. */
    private static String parameter(String path, String in, String name, Team target) {
        if (in.equals("query")) {
            return name.equals("customerId") ? target.id("customer") : null;
        }
        if (name.equals("declineId")) {
            return target.id("decline");
        }
        if (name.equals("customerId")) {
            return target.id("customer");
        }
        if (path.startsWith("/api/customers/")) {
            return target.id("customer");
        }
        if (path.startsWith("/api/surveys/")) {
            return surveyId;
        }
        if (path.startsWith("/api/segmentation/segments/")) {
            return segmentId;
        }
        for (Map.Entry<String, String> kind : Map.of(
                        "/api/purchases/", "purchase",
                        "/api/interactions/", "interaction",
                        "/api/complaints/", "complaint",
                        "/api/relationships/", "relationship",
                        "/api/invitations/", "invitation",
                        "/api/survey-responses/", "response")
                .entrySet()) {
            if (path.startsWith(kind.getKey())) {
                return target.id(kind.getValue());
            }
        }
        return null;
    }

    /** Points every field of a sample that names a customer or a record at the target team's. */
    private static void aimAt(JsonNode node, Team target) {
        Map<String, String> fields = Map.of(
                "customerId", target.id("customer"),
                "survivorId", target.id("customer"),
                "toCustomerId", target.id("related"),
                "interactionId", target.id("interaction"),
                "complaintId", target.id("complaint"));
        Set<String> lists = Set.of("mergedIds", "customerIds", "ids");
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                if (fields.containsKey(name) && object.get(name).isTextual()) {
                    object.put(name, fields.get(name));
                } else if (lists.contains(name) && object.get(name).isArray()) {
                    object.putArray(name).add(target.id("related"));
                } else {
                    aimAt(object.get(name), target);
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach((element) -> aimAt(element, target));
        }
    }

    // ---- the two teams' records

    /** Customers, a purchase, an interaction, a complaint, a relationship, a decline, an invitation and an answer. */
    private static Team seed(String team, String agent) {
        String token = system.tokens().ofPerson(agent);
        String suffix = RUN + ThreadLocalRandom.current().nextInt(1000, 9999);
        String given = "Sweep" + team + suffix;
        String email = team + "-" + suffix + "@access-sweep.example.com";
        String phone = "+86139" + ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999);
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("customer", created(send("POST", "/api/customers", token, """
                {"type":"PERSON","givenName":"%s","familyName":"Access","emails":[{"address":"%s","primary":true}],
                 "phones":[{"number":"%s","label":"mobile"}],"tags":["sweep-%s"],
                 "consents":{"EMAIL":{"status":"GRANTED","source":"sweep"}}}""".formatted(given, email, phone, RUN))));
        ids.put("related", created(send("POST", "/api/customers", token, """
                {"type":"PERSON","givenName":"%sRelated","familyName":"Access","tags":["sweep-%s"]}""".formatted(given, RUN))));
        String customer = ids.get("customer");
        Instant yesterday = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        ids.put("purchase", created(send("POST", "/api/purchases", token, """
                {"customerId":"%s","source":"sweep","erpId":"sweep-%s","occurredAt":"%s","amount":"120.00",
                 "currency":"CNY"}""".formatted(customer, suffix, yesterday))));
        ids.put("interaction", created(send("POST", "/api/interactions", token, """
                {"customerId":"%s","channel":"PHONE","direction":"INBOUND","type":"INQUIRY","occurredAt":"%s"}""".formatted(customer, yesterday))));
        ids.put("complaint", created(send("POST", "/api/complaints", token, """
                {"customerId":"%s","category":"delivery","severity":"LOW","description":"late parcel"}""".formatted(customer))));
        ids.put(
                "relationship",
                created(send("POST", "/api/customers/" + customer + "/relationships", token, """
                {"toCustomerId":"%s","type":"HOUSEHOLD_MEMBER"}""".formatted(
                                ids.get("related")))));
        // offers need the customer known to segmentation-service (its event on the way)
        await().atMost(EVENTUALLY)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> send("GET", "/api/segmentation/customers/" + customer, token, null)
                                .status()
                        == 200);
        ids.put("decline", created(send("POST", "/api/customers/" + customer + "/offers/declines", token, """
                {"productCode":"SWEEP-%s","reason":"not now"}""".formatted(
                        suffix))));
        ids.put("invitation", created(send("POST", "/api/surveys/" + surveyId + "/invitations", token, """
                {"customerId":"%s","channel":"EMAIL"}""".formatted(
                        customer))));
        ids.put("response", created(send("POST", "/api/surveys/" + surveyId + "/responses", token, """
                {"customerId":"%s","channel":"PHONE","answers":{"nps":9}}""".formatted(
                        customer))));
        return new Team(team, agent, ids, List.of(given, email, phone));
    }

    // ---- plumbing

    private static String created(Http.Response response) {
        assertThat(response.status()).as(response.toString()).isIn(200, 201);
        String id = response.json().path("id").asText("");
        assertThat(id).as("an id in %s", response).isNotEmpty();
        UUID.fromString(id);
        return id;
    }

    private static Http.Response send(String method, String path, String token, String json) {
        Http.Call call = system.gateway().call(method, path).token(token);
        if (json != null) {
            call.json(json);
        }
        return call.send();
    }

    private static Http.Response send(Probe probe, String token) {
        Http.Call call =
                system.gateway().call(probe.operation().method(), probe.path()).token(token);
        if (probe.body() != null) {
            call.raw(probe.operation().bodyContentType(), probe.body());
        }
        if (probe.operation().method().equals("PATCH")
                || probe.operation().method().equals("PUT")
                || probe.operation().method().equals("DELETE")) {
            call.header("If-Match", "\"1\"");
        }
        return call.send();
    }

    private static String abbreviate(String text) {
        return (text.length() > 200) ? text.substring(0, 200) + "..." : text;
    }
}
