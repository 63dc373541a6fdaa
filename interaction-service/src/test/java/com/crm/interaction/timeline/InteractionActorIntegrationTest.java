package com.crm.interaction.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.Topics;
import com.crm.contracts.events.audit.AuditRecorded;
import com.crm.contracts.events.interaction.InteractionRecorded;
import com.crm.interaction.TestCustomers;
import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmServiceTest;
import com.crm.test.EventCapture;
import com.crm.test.TestTokens;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The actor of an interaction comes from the token; overrides and policy changes land in the audit trail. */
@CrmServiceTest
class InteractionActorIntegrationTest {

    @RegisterExtension
    static final EventCapture interactions = EventCapture.of(Topics.INTERACTION);

    @RegisterExtension
    static final EventCapture audit = EventCapture.of(Topics.AUDIT);

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private ApiClient base;
    private ApiClient alice;

    @BeforeEach
    void clients() {
        base = ApiClient.of("http://localhost:" + port);
        alice = base.withToken(TestTokens.forUser("alice", "agent", "north", "crm.read", "crm.write"));
    }

    private UUID customer(Map<String, String> consents) {
        // alice's own customer: an agent sees only those (record-level access)
        return TestCustomers.register(jdbc, consents, TestCustomers.zoneWhereLocalHourIs(12), "alice", "north");
    }

    private static String inbound(UUID customer, String agent) {
        return """
                {"customerId":"%s","channel":"WECHAT","direction":"INBOUND","type":"SERVICE"%s}""".formatted(customer, agent == null ? "" : ",\"agentId\":\"" + agent + "\"");
    }

    @Test
    void aPersonRecordsAsThemselfAndOnlyManagersMayNameAnotherAgent() {
        UUID customer = customer(Map.of());
        ApiResponse own = alice.post("/api/interactions", inbound(customer, null));
        assertThat(own.status()).as(own.body()).isEqualTo(201);
        assertThat(own.json().get("agentId").asString()).isEqualTo("alice");
        assertThat(own.json().at("/recordedBy/kind").asString()).isEqualTo("USER");
        assertThat(own.json().at("/recordedBy/id").asString()).isEqualTo("alice");
        InteractionRecorded event = interactions
                .await("crm.interaction.recorded", customer.toString())
                .data(InteractionRecorded.class);
        assertThat(event.agentId()).isEqualTo("alice");
        assertThat(event.recordedBy().id()).isEqualTo("alice");

        assertThat(alice.post("/api/interactions", inbound(customer, "alice")).status())
                .isEqualTo(201);
        ApiResponse forBob = alice.post("/api/interactions", inbound(customer, "bob"));
        assertThat(forBob.status()).as(forBob.body()).isEqualTo(422);
        assertThat(forBob.json().at("/errors/0/field").asString()).isEqualTo("agentId");

        ApiClient maria = base.withToken(TestTokens.forUser("maria", "manager", "north", "crm.read", "crm.write"));
        ApiResponse forAlice = maria.post("/api/interactions", inbound(customer, "alice"));
        assertThat(forAlice.status()).as(forAlice.body()).isEqualTo(201);
        assertThat(forAlice.json().get("agentId").asString()).isEqualTo("alice");
        assertThat(forAlice.json().at("/recordedBy/id").asString()).isEqualTo("maria");

        ApiClient erp = base.withToken(TestTokens.forClient("crm-erp-integrator", "crm.read", "crm.write"));
        ApiResponse imported = erp.post("/api/interactions", inbound(customer, "agent-7"));
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        assertThat(imported.json().get("agentId").asString()).isEqualTo("agent-7");
        assertThat(imported.json().at("/recordedBy/kind").asString()).isEqualTo("CLIENT");
        assertThat(imported.json().at("/recordedBy/id").asString()).isEqualTo("crm-erp-integrator");
    }

    @Test
    void aBackDatedOutboundContactStillNeedsConsentButNotTheFrequencyLimits() {
        Instant twoDaysAgo = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        UUID withoutConsent = customer(Map.of("EMAIL", "GRANTED"));
        ApiResponse refused = alice.post("/api/interactions", call(withoutConsent, twoDaysAgo));
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.json().at("/reasons/0/rule").asString()).isEqualTo("consent");

        UUID consenting = customer(Map.of("PHONE", "GRANTED"));
        // the seeded policy allows 2 calls per 30 days: history of three is still recorded
        for (int i = 0; i < 3; i++) {
            ApiResponse history = alice.post("/api/interactions", call(consenting, twoDaysAgo.plusSeconds(60L * i)));
            assertThat(history.status()).as(history.body()).isEqualTo(201);
        }
    }

    @Test
    void anOverrideAndPolicyChangesAreAuditedWithTheirActor() {
        UUID customer = customer(Map.of("EMAIL", "GRANTED"));
        ApiClient admin =
                base.withToken(TestTokens.forUser("root", "admin", null, "crm.read", "crm.write", "crm.admin"));
        ApiResponse overridden = admin.post("/api/interactions", """
                {"customerId":"%s","channel":"PHONE","direction":"OUTBOUND","type":"SERVICE",
                 "override":{"justification":"safety recall"}}""".formatted(customer));
        assertThat(overridden.status()).as(overridden.body()).isEqualTo(201);
        String interactionId = overridden.json().get("id").asString();
        AuditRecorded entry = audit.awaitMatching(
                        r -> interactionId.equals(r.data(AuditRecorded.class).subjectId()))
                .data(AuditRecorded.class);
        assertThat(entry.action()).isEqualTo("contact-policy.overridden");
        assertThat(entry.actorId()).isEqualTo("root");
        assertThat(entry.actorKind()).isEqualTo("USER");
        assertThat(entry.actorRole()).isEqualTo("ADMIN");
        assertThat(entry.customerId()).isEqualTo(customer);
        assertThat(entry.occurredAt()).isNotNull();
        assertThat(entry.details()).containsEntry("overriddenReasons", "consent");

        String policy = """
                {"name":"audit test %s","channel":"SMS","maxContacts":1,"window":"P1D","consentRequired":false,
                 "enabled":false}""".formatted(UUID.randomUUID());
        ApiClient writer = base.withToken(TestTokens.withScopes("crm.read", "crm.write"));
        assertThat(writer.post("/api/contact-policies", policy).status())
                .as("configuration needs crm.config or crm.admin")
                .isEqualTo(403);
        ApiClient configurer =
                base.withToken(TestTokens.forClient("config-bot", "crm.read", "crm.write", "crm.config"));
        ApiResponse created = configurer.post("/api/contact-policies", policy);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String policyId = created.json().get("id").asString();
        AuditRecorded policyEntry = audit.awaitMatching(
                        r -> policyId.equals(r.data(AuditRecorded.class).subjectId()))
                .data(AuditRecorded.class);
        assertThat(policyEntry.action()).isEqualTo("contact-policy.created");
        assertThat(policyEntry.actorId()).isEqualTo("config-bot");
        assertThat(policyEntry.actorKind()).isEqualTo("CLIENT");
        assertThat(policyEntry.customerId()).isNull();
        assertThat(configurer.delete("/api/contact-policies/" + policyId).status())
                .isEqualTo(204);
        audit.awaitMatching(r -> policyId.equals(r.data(AuditRecorded.class).subjectId())
                && r.data(AuditRecorded.class).action().equals("contact-policy.deleted"));
    }

    private static String call(UUID customer, Instant at) {
        return """
                {"customerId":"%s","channel":"PHONE","direction":"OUTBOUND","type":"FOLLOW_UP","occurredAt":"%s"}""".formatted(customer, at);
    }
}
