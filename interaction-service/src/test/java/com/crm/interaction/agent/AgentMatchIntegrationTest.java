package com.crm.interaction.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.events.segmentation.TierChanged;
import com.crm.interaction.TestCustomers;
import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmServiceTest;
import com.crm.test.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Matching ranks by skills, tier and the learnt fit (from real interactions, recomputed into agent_outcome), with
 * reasons; assignments respect capacity under concurrency and show in due contacts; record-level access holds. Each
 * test requires a skill of its own, so agents other tests create never pass its hard filters.
 */
@CrmServiceTest
class AgentMatchIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private ApiClient base;
    private ApiClient admin;

    @BeforeEach
    void clients() {
        base = ApiClient.of("http://localhost:" + port);
        admin = base.withToken(TestTokens.withScopes("crm.read", "crm.write", "crm.admin"));
    }

    private String createAgent(String userId, String team, String seniority, String skill, int level, int phones) {
        ApiResponse r = admin.post("/api/agents", """
                {"userId":"%s","displayName":"%s","team":"%s","seniority":"%s",
                 "skills":[{"skill":"%s","level":%d},{"skill":"lang:zh","level":4}],"capacity":{"PHONE":%d}}""".formatted(userId, userId, team, seniority, skill, level, phones));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    private UUID tieredCustomer(String tier, String owner, String team) {
        UUID customer = TestCustomers.register(jdbc, Map.of(), "Asia/Shanghai", owner, team);
        TestCustomers.publishSegmentation(
                new TierChanged(customer, null, tier, "9000.00", Instant.now(), UUID.randomUUID()));
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> tier.equals(jdbc.sql("select tier from customer_projection where customer_id = :c")
                        .param("c", customer)
                        .query(String.class)
                        .optional()
                        .orElse(null)));
        return customer;
    }

    /** Inbound service contacts handled by an agent, resolved or not (one batch, as an imported call-centre log). */
    private void history(UUID customer, String agentUserId, int resolved, int unresolved) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < resolved + unresolved; i++) {
            items.add("""
                    {"customerId":"%s","channel":"PHONE","direction":"INBOUND","type":"SERVICE","agentId":"%s",
                     "outcome":"%s","occurredAt":"%s"}""".formatted(
                            customer,
                            agentUserId,
                            i < resolved ? "RESOLVED" : "UNRESOLVED",
                            Instant.now().minus(i + 1, ChronoUnit.HOURS)));
        }
        ApiResponse r = admin.post("/api/interactions/batch", "{\"items\":[" + String.join(",", items) + "]}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().at("/summary/created").asInt()).as(r.body()).isEqualTo(resolved + unresolved);
    }

    private static List<String> userIds(ApiResponse match) {
        List<String> ids = new ArrayList<>();
        match.json().get("items").forEach(i -> ids.add(i.get("userId").asString()));
        return ids;
    }

    private static JsonNode reason(JsonNode item, String code) {
        for (JsonNode r : item.get("reasons")) {
            if (r.get("code").asString().equals(code)) {
                return r;
            }
        }
        return null;
    }

    @Test
    void matchRanksBySkillsTierAndTheLearntFitShrunkTowardTheTeamWithReasons() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String product = "product:" + run;
        String team = "team-" + run;
        String veteran = "veteran-" + run;
        String rookie = "rookie-" + run;
        String weak = "weak-" + run;
        String junior = "junior-" + run;
        String noSkill = "other-" + run;
        createAgent(veteran, team, "SENIOR", product, 3, 5);
        createAgent(rookie, team, "SENIOR", product, 3, 5);
        createAgent(weak, team, "SENIOR", product, 3, 5);
        createAgent(junior, team, "JUNIOR", product, 5, 5);
        createAgent(noSkill, team, "LEAD", "other:" + run, 5, 5);

        UUID past = tieredCustomer("A", "am-1", null);
        history(past, veteran, 27, 3);
        history(past, rookie, 2, 0);
        history(past, weak, 9, 21);
        ApiResponse recomputed = admin.post("/api/agents/outcomes/recompute", "");
        assertThat(recomputed.status()).as(recomputed.body()).isEqualTo(200);

        UUID customer = tieredCustomer("A", "am-1", null);
        ApiClient reader = base.withToken(TestTokens.withScopes("crm.read"));
        ApiResponse match = reader.post("/api/agents/match", """
                {"customerId":"%s","channel":"PHONE","requiredSkills":["%s"],"language":"zh","limit":10}""".formatted(customer, product.toUpperCase()));
        assertThat(match.status()).as(match.body()).isEqualTo(200);
        assertThat(match.json().get("customerTier").asString()).isEqualTo("A");
        // the veteran's solid record wins; two lucky contacts put the rookie only a little above the team's average;
        // the weak record costs its senior agent points, and the junior, despite the better skill, loses more on
        // seniority for a tier A customer
        assertThat(userIds(match)).containsExactly(veteran, rookie, weak, junior);
        assertThat(match.json().at("/excluded/missing-skill").asInt()).isGreaterThanOrEqualTo(1);

        JsonNode first = match.json().at("/items/0");
        JsonNode learnt = reason(first, "learnt-resolution");
        assertThat(learnt.get("detail").asString()).contains("resolved 27/30 with tier A customers");
        assertThat(learnt.get("contribution").asDouble()).isPositive();
        assertThat(reason(first, "senior-for-key-customer").get("contribution").asDouble())
                .isPositive();
        assertThat(reason(first, "skill-level")).isNotNull();
        assertThat(reason(first, "capacity-left").get("detail").asString()).isEqualTo("5 of 5 slots free");
        assertThat(reason(match.json().at("/items/3"), "junior-for-key-customer")
                        .get("contribution")
                        .asDouble())
                .isNegative();
        assertThat(reason(match.json().at("/items/2"), "learnt-resolution")
                        .get("contribution")
                        .asDouble())
                .isNegative();
        double rookieLearnt = reason(match.json().at("/items/1"), "learnt-resolution")
                .get("contribution")
                .asDouble();
        assertThat(rookieLearnt)
                .isPositive()
                .isLessThan(learnt.get("contribution").asDouble());

        ApiResponse bad = reader.post("/api/agents/match", "{\"limit\":0}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").toString()).contains("customerId", "limit");
    }

    @Test
    void concurrentAssignmentsBeyondCapacityGiveExactlyCapacityCreatedAndTheRestAConflict() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String agentId = createAgent("cap-" + run, "team-" + run, "SENIOR", "product:" + run, 3, 3);
        UUID customer = TestCustomers.register(jdbc, Map.of(), "Asia/Shanghai");
        int callers = 8;
        CyclicBarrier start = new CyclicBarrier(callers);
        List<ApiResponse> answers = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(callers)) {
            List<Future<ApiResponse>> calls = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    return admin.post(
                            "/api/agents/" + agentId + "/assignments", """
                            {"assignmentId":"%s","customerId":"%s","channel":"PHONE"}""".formatted(UUID.randomUUID(), customer));
                }));
            }
            for (var call : calls) {
                answers.add(call.get());
            }
        }
        assertThat(answers).extracting(ApiResponse::status).containsOnly(201, 409);
        assertThat(answers.stream().filter(a -> a.status() == 201)).hasSize(3);
        assertThat(admin.get("/api/agents/" + agentId + "/assignments").json().get("items"))
                .hasSize(3);

        // full: a match on the channel leaves the agent out
        ApiResponse match = admin.post("/api/agents/match", """
                {"customerId":"%s","channel":"PHONE","requiredSkills":["product:%s"]}""".formatted(customer, run));
        assertThat(match.json().get("items")).isEmpty();
        assertThat(match.json().at("/excluded/no-capacity").asInt()).isGreaterThanOrEqualTo(1);

        // completing one frees a slot
        String done = answers.stream()
                .filter(a -> a.status() == 201)
                .findFirst()
                .orElseThrow()
                .json()
                .get("id")
                .asString();
        String completion = "/api/agents/" + agentId + "/assignments/" + done + "/completion";
        ApiResponse completed = admin.post(completion, "{\"outcome\":\"RESOLVED\"}");
        assertThat(completed.status()).as(completed.body()).isEqualTo(200);
        assertThat(completed.json().get("status").asString()).isEqualTo("COMPLETED");
        assertThat(admin.post(completion, "{\"outcome\":\"RESOLVED\"}").status())
                .isEqualTo(200);
        assertThat(admin.post(completion, "{\"outcome\":\"UNRESOLVED\"}").status())
                .isEqualTo(409);

        UUID again = UUID.randomUUID();
        String body = """
                {"assignmentId":"%s","customerId":"%s","channel":"PHONE","topic":"renewal"}""".formatted(again, customer);
        ApiResponse fourth = admin.post("/api/agents/" + agentId + "/assignments", body);
        assertThat(fourth.status()).as(fourth.body()).isEqualTo(201);
        ApiResponse repeated = admin.post("/api/agents/" + agentId + "/assignments", body);
        assertThat(repeated.status())
                .as("same assignmentId: the first answer again")
                .isEqualTo(200);
        assertThat(repeated.json().get("id").asString()).isEqualTo(again.toString());
        assertThat(admin.post("/api/agents/" + agentId + "/assignments", """
                                {"customerId":"%s","channel":"PHONE"}""".formatted(customer))
                        .status())
                .isEqualTo(409);
        assertThat(admin.post("/api/agents/" + agentId + "/assignments", """
                                {"customerId":"%s","channel":"EMAIL"}""".formatted(customer))
                        .status())
                .as("no capacity on a channel left out")
                .isEqualTo(409);
        assertThat(admin.delete("/api/agents/" + agentId).status())
                .as("an agent with open assignments stays")
                .isEqualTo(409);
    }

    @Test
    void anOpenAssignmentIsDueForItsAgentUntilCompleted() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String userId = "due-" + run;
        String agentId = createAgent(userId, "team-" + run, "SENIOR", "product:" + run, 3, 2);
        UUID customer = TestCustomers.register(jdbc, Map.of(), "Asia/Shanghai");
        Instant dueAt = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        ApiResponse assigned = admin.post("/api/agents/" + agentId + "/assignments", """
                {"customerId":"%s","channel":"PHONE","topic":"billing","dueAt":"%s"}""".formatted(customer, dueAt));
        assertThat(assigned.status()).as(assigned.body()).isEqualTo(201);
        String assignmentId = assigned.json().get("id").asString();

        ApiResponse due = admin.get("/api/due-contacts?agentId=" + userId);
        assertThat(due.status()).as(due.body()).isEqualTo(200);
        assertThat(due.json().get("items")).hasSize(1);
        JsonNode item = due.json().at("/items/0");
        assertThat(item.get("source").asString()).isEqualTo("ASSIGNMENT");
        assertThat(item.get("assignmentId").asString()).isEqualTo(assignmentId);
        assertThat(item.get("customerId").asString()).isEqualTo(customer.toString());
        assertThat(item.get("channel").asString()).isEqualTo("PHONE");
        assertThat(item.get("topic").asString()).isEqualTo("billing");
        assertThat(Instant.parse(item.get("dueAt").asString())).isEqualTo(dueAt);
        assertThat(item.get("overdue").asBoolean()).isTrue();
        assertThat(item.get("planId").isNull()).isTrue();

        assertThat(admin.post(
                                "/api/agents/" + agentId + "/assignments/" + assignmentId + "/completion",
                                "{\"outcome\":\"RESOLVED\"}")
                        .status())
                .isEqualTo(200);
        assertThat(admin.get("/api/due-contacts?agentId=" + userId).json().get("items"))
                .isEmpty();
    }

    @Test
    void aPersonCannotMatchOrAssignForACustomerOfAnotherTeam() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String agentId = createAgent("north-" + run, "north", "SENIOR", "product:" + run, 3, 5);
        UUID bobs = TestCustomers.register(jdbc, Map.of(), "Asia/Shanghai", "bob", "south");
        UUID alices = TestCustomers.register(jdbc, Map.of(), "Asia/Shanghai", "alice", "north");
        ApiClient alice = base.withToken(TestTokens.forUser("alice", "agent", "north", "crm.read", "crm.write"));
        ApiClient maria = base.withToken(TestTokens.forUser("maria", "manager", "north", "crm.read", "crm.write"));
        String match = "{\"customerId\":\"%s\",\"requiredSkills\":[\"product:" + run + "\"]}";
        String assign = "{\"customerId\":\"%s\",\"channel\":\"PHONE\"}";

        for (ApiClient person : List.of(alice, maria)) {
            ApiResponse hidden = person.post("/api/agents/match", match.formatted(bobs));
            assertThat(hidden.status()).isEqualTo(404);
            assertThat(hidden.contentType()).startsWith("application/problem+json");
            assertThat(person.post("/api/agents/" + agentId + "/assignments", assign.formatted(bobs))
                            .status())
                    .isEqualTo(404);
        }
        ApiResponse own = alice.post("/api/agents/match", match.formatted(alices));
        assertThat(own.status()).as(own.body()).isEqualTo(200);
        assertThat(own.json().get("items")).hasSize(1);
        ApiResponse assigned = alice.post("/api/agents/" + agentId + "/assignments", assign.formatted(alices));
        assertThat(assigned.status()).as(assigned.body()).isEqualTo(201);

        // bob's customer assigned by the system is not in alice's due contacts, but in the integrated system's
        String userId = "north-" + run;
        assertThat(admin.post("/api/agents/" + agentId + "/assignments", assign.formatted(bobs))
                        .status())
                .isEqualTo(201);
        assertThat(alice.get("/api/due-contacts?agentId=" + userId).json().get("items"))
                .hasSize(1);
        assertThat(admin.get("/api/due-contacts?agentId=" + userId).json().get("items"))
                .hasSize(2);
        assertThat(alice.get("/api/agents/" + agentId + "/assignments").json().get("items"))
                .hasSize(1);
    }
}
