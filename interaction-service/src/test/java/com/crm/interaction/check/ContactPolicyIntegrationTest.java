package com.crm.interaction.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.interaction.TestCustomers;
import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmServiceTest;
import com.crm.test.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The seeded default policies (2 calls per 30 days, quiet hours 21:00–08:00 local time, consent) against the API. */
@CrmServiceTest
class ContactPolicyIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    private ApiClient agent;
    private ApiClient admin;

    @BeforeEach
    void clients() {
        ApiClient base = ApiClient.of("http://localhost:" + port);
        agent = base.withToken(TestTokens.withScopes("crm.read", "crm.write"));
        admin = base.withToken(TestTokens.withScopes("crm.read", "crm.write", "crm.admin"));
    }

    /** A customer who agreed to calls and emails, where it is now around noon (clear of quiet hours). */
    private UUID reachableCustomer() {
        return TestCustomers.register(
                jdbc, Map.of("PHONE", "GRANTED", "EMAIL", "GRANTED"), TestCustomers.zoneWhereLocalHourIs(12));
    }

    private static String call(UUID customer, Instant at) {
        return """
                {"customerId":"%s","channel":"PHONE","direction":"OUTBOUND","type":"SALES_CALL","agentId":"agent-1"%s}""".formatted(customer, at == null ? "" : ",\"occurredAt\":\"" + at + "\"");
    }

    private void recorded(ApiResponse response) {
        assertThat(response.status()).as(response.body()).isEqualTo(201);
    }

    private static List<String> rules(JsonNode body) {
        List<String> rules = new ArrayList<>();
        body.get("reasons").forEach(r -> rules.add(r.get("rule").asString()));
        return rules;
    }

    @Test
    void rejectsThirdCallWithinThirtyDaysWithTheReasonAndTheNextAllowedTime() {
        UUID customer = reachableCustomer();
        Instant first = Instant.now().minus(20, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        recorded(agent.post("/api/interactions", call(customer, first)));
        recorded(agent.post("/api/interactions", call(customer, first.plus(10, ChronoUnit.DAYS))));

        ApiResponse check = agent.post("/api/contact-checks", """
                {"customerId":"%s","channel":"PHONE","purpose":"SALES"}""".formatted(customer));
        assertThat(check.status()).as(check.body()).isEqualTo(200);
        assertThat(check.json().get("allowed").asBoolean()).isFalse();
        assertThat(rules(check.json())).containsExactly("max-contacts");
        assertThat(Instant.parse(check.json().get("earliestAllowedAt").asString()))
                .isEqualTo(first.plus(30, ChronoUnit.DAYS));

        ApiResponse third = agent.post("/api/interactions", call(customer, null));
        assertThat(third.status()).as(third.body()).isEqualTo(422);
        assertThat(third.contentType()).startsWith("application/problem+json");
        JsonNode problem = third.json();
        assertThat(problem.get("type").asString()).isEqualTo("urn:crm:problem:rule-violation");
        assertThat(rules(problem)).containsExactly("max-contacts");
        assertThat(problem.at("/reasons/0/message").asString()).contains("at most 2 PHONE contacts per P30D");
        assertThat(problem.at("/errors/0/code").asString()).isEqualTo("not-allowed");
        assertThat(problem.at("/errors/0/message").asString()).startsWith("max-contacts: ");
        assertThat(Instant.parse(problem.get("earliestAllowedAt").asString()))
                .isEqualTo(first.plus(30, ChronoUnit.DAYS));
        assertThat(agent.get("/api/customers/" + customer + "/timeline").json().get("items"))
                .hasSize(2);
        // an email is another channel: still allowed
        recorded(agent.post("/api/interactions", """
                {"customerId":"%s","channel":"EMAIL","direction":"OUTBOUND","type":"FOLLOW_UP"}""".formatted(customer)));
    }

    @Test
    void anAdminMayOverrideARefusalWithAJustificationKeptForAuditButAnAgentMayNot() {
        UUID customer = reachableCustomer();
        Instant first = Instant.now().minus(5, ChronoUnit.DAYS);
        recorded(agent.post("/api/interactions", call(customer, first)));
        recorded(agent.post("/api/interactions", call(customer, first.plus(2, ChronoUnit.DAYS))));
        String overriding = """
                {"customerId":"%s","channel":"PHONE","direction":"OUTBOUND","type":"SERVICE",
                 "override":{"justification":"product recall: safety call required by regulator"}}""".formatted(customer);

        ApiResponse byAgent = agent.post("/api/interactions", overriding);
        assertThat(byAgent.status()).as(byAgent.body()).isEqualTo(403);

        ApiResponse byAdmin = admin.post("/api/interactions", overriding);
        assertThat(byAdmin.status()).as(byAdmin.body()).isEqualTo(201);
        JsonNode audit = admin.get(byAdmin.header("Location")).json().get("policyOverride");
        assertThat(audit.get("justification").asString())
                .isEqualTo("product recall: safety call required by regulator");
        assertThat(audit.get("by").asString()).isEqualTo("test-client");
        assertThat(audit.get("overriddenReasons").get(0).asString()).startsWith("max-contacts");
    }

    @Test
    void quietHoursAreReadInTheCustomersOwnTimeZone() {
        String lateEvening = TestCustomers.zoneWhereLocalHourIs(23);
        UUID customer = TestCustomers.register(jdbc, Map.of("EMAIL", "GRANTED"), lateEvening);
        ZonedDateTime local = Instant.now().atZone(ZoneId.of(lateEvening));
        double refusedBefore =
                meters.counter("crm.contacts.refused", "rule", "quiet-hours").count();

        ApiResponse refused = agent.post("/api/interactions", """
                {"customerId":"%s","channel":"EMAIL","direction":"OUTBOUND","type":"FOLLOW_UP"}""".formatted(customer));

        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(rules(refused.json())).containsExactly("quiet-hours");
        assertThat(meters.counter("crm.contacts.refused", "rule", "quiet-hours").count())
                .isEqualTo(refusedBefore + 1);
        ZonedDateTime morning = ZonedDateTime.of(
                local.toLocalTime().isBefore(LocalTime.of(8, 0))
                        ? local.toLocalDate()
                        : local.toLocalDate().plusDays(1),
                LocalTime.of(8, 0),
                ZoneId.of(lateEvening));
        assertThat(Instant.parse(refused.json().get("earliestAllowedAt").asString()))
                .isEqualTo(morning.toInstant());
        // inbound contacts are never refused: the customer may write at any hour
        recorded(agent.post("/api/interactions", """
                {"customerId":"%s","channel":"EMAIL","direction":"INBOUND","type":"INQUIRY"}""".formatted(customer)));
    }

    @Test
    void aChannelWithoutConsentIsRefusedWithoutAnEarliestTimeButAVisitIsNot() {
        UUID customer = TestCustomers.register(jdbc, Map.of("SMS", "DENIED"), TestCustomers.zoneWhereLocalHourIs(12));
        ApiResponse sms = agent.post("/api/contact-checks", """
                {"customerId":"%s","channel":"SMS"}""".formatted(customer));
        assertThat(sms.json().get("allowed").asBoolean()).isFalse();
        assertThat(rules(sms.json())).containsExactly("consent");
        assertThat(sms.json().get("earliestAllowedAt").isNull()).isTrue();
        ApiResponse visit = agent.post("/api/contact-checks", """
                {"customerId":"%s","channel":"VISIT"}""".formatted(customer));
        assertThat(visit.json().get("allowed").asBoolean()).as(visit.body()).isTrue();
    }

    @Test
    void agentsRecordingTheLastCallOfTheWindowAtTheSameMomentGetExactlyOneThrough() throws Exception {
        UUID customer = reachableCustomer();
        recorded(agent.post("/api/interactions", call(customer, Instant.now().minus(9, ChronoUnit.DAYS))));

        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<ApiResponse>> calls = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(6);
        for (int i = 0; i < 6; i++) {
            calls.add(CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            start.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return agent.post("/api/interactions", call(customer, null));
                    },
                    threads));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<ApiResponse> c : calls) {
            statuses.add(c.get().status());
        }
        threads.shutdown();
        assertThat(statuses).containsExactlyInAnyOrder(201, 422, 422, 422, 422, 422);
        assertThat(jdbc.sql("select count(*) from interaction where customer_id = :id and channel = 'PHONE'")
                        .param("id", customer)
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
    }

    @Test
    void policiesAreListedToReadersAndChangedOnlyByAdmins() {
        ApiResponse list = agent.get("/api/contact-policies");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("items").size()).isGreaterThanOrEqualTo(5);

        String policy = """
                {"name":"Video: at most 1 per 7 days %s","channel":"VIDEO","maxContacts":1,"window":"P7D"}""".formatted(UUID.randomUUID());
        assertThat(agent.post("/api/contact-policies", policy).status()).isEqualTo(403);
        ApiResponse created = admin.post("/api/contact-policies", policy);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String location = created.header("Location");
        assertThat(created.json().get("window").asString()).isEqualTo("P7D");

        ApiResponse invalid = admin.post("/api/contact-policies", """
                {"name":"broken","maxContacts":3,"window":"Psoon","quietStart":"21:00"}""");
        assertThat(invalid.status()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        invalid.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).containsExactlyInAnyOrder("window", "quietEnd");

        UUID customer = reachableCustomer();
        recorded(agent.post("/api/interactions", """
                {"customerId":"%s","channel":"VIDEO","direction":"OUTBOUND","type":"CONSULTATION"}""".formatted(customer)));
        assertThat(agent.post("/api/interactions", """
                {"customerId":"%s","channel":"VIDEO","direction":"OUTBOUND","type":"CONSULTATION"}""".formatted(customer)).status())
                .isEqualTo(422);

        assertThat(agent.delete(location).status()).isEqualTo(403);
        assertThat(admin.delete(location).status()).isEqualTo(204);
        recorded(agent.post("/api/interactions", """
                {"customerId":"%s","channel":"VIDEO","direction":"OUTBOUND","type":"CONSULTATION"}""".formatted(customer)));
    }

    @Test
    void metricsNeedTheAdminScopeOnTheApplicationPort() {
        assertThat(agent.get("/actuator/prometheus").status()).isEqualTo(403);
        ApiResponse metrics = admin.get("/actuator/prometheus");
        assertThat(metrics.status()).as(metrics.body()).isEqualTo(200);
        assertThat(metrics.body()).contains("crm_outbox_pending", "http_server_requests_seconds");
    }
}
