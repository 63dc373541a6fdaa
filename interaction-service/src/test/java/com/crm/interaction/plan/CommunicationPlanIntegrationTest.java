package com.crm.interaction.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.interaction.TestCustomers;
import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmServiceTest;
import com.crm.test.TestTokens;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@CrmServiceTest
class CommunicationPlanIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private ApiClient agent;
    private ApiClient admin;

    @BeforeEach
    void clients() {
        ApiClient base = ApiClient.of("http://localhost:" + port);
        agent = base.withToken(TestTokens.withScopes("crm.read", "crm.write"));
        admin = base.withToken(TestTokens.withScopes("crm.read", "crm.write", "crm.admin"));
    }

    private static List<String> channels(ApiResponse page) {
        List<String> channels = new ArrayList<>();
        page.json().get("items").forEach(i -> channels.add(i.get("channel").asString()));
        return channels;
    }

    @Test
    void aPlanForAnExplicitListWorksOutEachCustomersNextDueContactPerAgent() {
        UUID vip = TestCustomers.register(jdbc, Map.of(), "Asia/Shanghai"); // account manager am-1
        UUID other = UUID.randomUUID();
        String plan = """
                {"name":"S-tier %s","customerIds":["%s","%s"],
                 "rules":[{"channel":"VISIT","every":"P3M"},{"channel":"PHONE","every":"P1M"}]}""".formatted(UUID.randomUUID(), vip, other);
        assertThat(agent.post("/api/communication-plans", plan).status()).isEqualTo(403);
        ApiResponse created = admin.post("/api/communication-plans", plan);
        assertThat(created.status()).as(created.body()).isEqualTo(201);

        Instant called = Instant.now().minus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        ApiResponse call = agent.post("/api/interactions", """
                {"customerId":"%s","channel":"PHONE","direction":"INBOUND","type":"SERVICE","occurredAt":"%s"}""".formatted(vip, called));
        assertThat(call.status()).as(call.body()).isEqualTo(201);

        ApiResponse dueNow = agent.get("/api/due-contacts?customerId=" + vip);
        assertThat(dueNow.status()).as(dueNow.body()).isEqualTo(200);
        assertThat(channels(dueNow)).containsExactly("VISIT");
        JsonNode visit = dueNow.json().at("/items/0");
        assertThat(visit.get("overdue").asBoolean()).isTrue();
        assertThat(visit.get("agentId").asString()).isEqualTo("am-1");
        assertThat(visit.get("lastContactAt").isNull()).isTrue();

        String later = Instant.now().plus(40, ChronoUnit.DAYS).toString();
        ApiResponse next = agent.get("/api/due-contacts?customerId=" + vip + "&before=" + later);
        assertThat(channels(next)).containsExactly("VISIT", "PHONE");
        JsonNode phone = next.json().at("/items/1");
        assertThat(Instant.parse(phone.get("dueAt").asString()))
                .isEqualTo(called.atOffset(ZoneOffset.UTC).plusMonths(1).toInstant());
        assertThat(phone.get("overdue").asBoolean()).isFalse();

        ApiResponse byAgent = agent.get("/api/due-contacts?agentId=am-1&channel=VISIT&limit=500");
        List<String> customers = new ArrayList<>();
        byAgent.json()
                .get("items")
                .forEach(i -> customers.add(i.get("customerId").asString()));
        assertThat(customers).contains(vip.toString()).doesNotContain(other.toString());

        ApiResponse first = agent.get("/api/due-contacts?customerId=" + other + "&limit=1");
        assertThat(first.json().get("items")).hasSize(1);
        ApiResponse second = agent.get("/api/due-contacts?customerId=" + other + "&limit=1&cursor="
                + first.json().get("nextCursor").asString());
        assertThat(second.json().get("items")).hasSize(1);
        assertThat(second.json().get("nextCursor").isNull()).isTrue();
        assertThat(List.of(
                        first.json().at("/items/0/channel").asString(),
                        second.json().at("/items/0/channel").asString()))
                .containsExactlyInAnyOrder("VISIT", "PHONE");
    }

    @Test
    void aPlanNeedsMembersAndPositivePeriods() {
        ApiResponse invalid = admin.post("/api/communication-plans", """
                {"name":"empty","rules":[{"channel":"VISIT","every":"P0M"},{"channel":"FAX","every":"P1M"}]}""");
        assertThat(invalid.status()).isEqualTo(400);
        ApiResponse noMembers = admin.post("/api/communication-plans", """
                {"name":"empty","rules":[{"channel":"VISIT","every":"P0M"}]}""");
        assertThat(noMembers.status()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        noMembers.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).containsExactlyInAnyOrder("customerIds", "rules[0].every");
    }

    @Test
    void plansCreatedAtTheSameMomentWithOneNameGiveOneCreatedAndTheRestAFieldErrorNeverA500() throws Exception {
        String plan = """
                {"name":"same %s","tier":"A","rules":[{"channel":"PHONE","every":"P1M"}]}""".formatted(UUID.randomUUID());
        int writers = 6;
        CyclicBarrier start = new CyclicBarrier(writers);
        List<ApiResponse> answers;
        try (var pool = Executors.newFixedThreadPool(writers)) {
            List<Future<ApiResponse>> calls = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    return admin.post("/api/communication-plans", plan);
                }));
            }
            answers = new ArrayList<>();
            for (var call : calls) {
                answers.add(call.get());
            }
        }
        assertThat(answers)
                .extracting(ApiResponse::status)
                .containsOnly(201, 400)
                .containsOnlyOnce(201);
        answers.stream().filter(a -> a.status() == 400).forEach(a -> {
            assertThat(a.header("Content-Type")).startsWith("application/problem+json");
            assertThat(a.json().at("/errors/0/field").asString()).isEqualTo("name");
            assertThat(a.json().at("/errors/0/code").asString()).isEqualTo("taken");
        });
    }
}
