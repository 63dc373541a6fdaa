package com.crm.customer.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.crm.contracts.Topics;
import com.crm.contracts.events.audit.AuditRecorded;
import com.crm.contracts.events.customer.CustomerConsentChanged;
import com.crm.contracts.events.customer.CustomerErased;
import com.crm.contracts.events.customer.CustomerMerged;
import com.crm.support.database.StatementTimeout;
import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmServiceTest;
import com.crm.test.EventCapture;
import com.crm.test.TestEvents;
import com.crm.test.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The audit log end to end: customer-service's own sensitive actions go to crm.audit.v1 with the actor from the
 * token, come back through its consumer into the append-only audit_entry, and GET /api/audit (crm.admin) lists them.
 */
@CrmServiceTest
class AuditLogIntegrationTest {

    @RegisterExtension
    static final EventCapture customerEvents = EventCapture.of(Topics.CUSTOMER);

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    private ApiClient base;
    private ApiClient admin;

    @BeforeEach
    void clients() {
        base = ApiClient.of("http://localhost:" + port);
        admin = base.withToken(TestTokens.withScopes("crm.admin"));
    }

    @Test
    void eachSensitiveActionIsListedWithItsActorAndTime() {
        Instant before = Instant.now().minusSeconds(1);
        ApiClient alice = base.withToken(TestTokens.forUser("alice", "agent", "north", "crm.read", "crm.write"));
        String survivor = create(alice, "Audit Survivor");
        String merged = create(alice, "Audit Twin");

        ApiClient merger = base.withToken(TestTokens.forClient("dedup-tool", "crm.read", "crm.write", "crm.merge"));
        ApiResponse merge = merger.post(
                "/api/customers/merge", "{\"survivorId\":\"" + survivor + "\",\"mergedIds\":[\"" + merged + "\"]}");
        assertThat(merge.status()).as(merge.body()).isEqualTo(200);
        assertThat(customerEvents
                        .await("crm.customer.merged", survivor)
                        .data(CustomerMerged.class)
                        .actor()
                        .id())
                .isEqualTo("dedup-tool");

        ApiClient dpo = base.withToken(
                TestTokens.forUser("dora", "admin", null, "crm.read", "crm.write", "crm.export", "crm.erase"));
        assertThat(dpo.get("/api/customers/" + survivor + "/export").status()).isEqualTo(200);
        assertThat(dpo.post("/api/customers/" + survivor + "/erasure", "").status())
                .isEqualTo(200);

        ApiClient configurer =
                base.withToken(TestTokens.forClient("config-bot", "crm.read", "crm.write", "crm.config"));
        String code = "AUDIT_"
                + UUID.randomUUID()
                        .toString()
                        .substring(0, 8)
                        .replaceAll("[^a-f]", "X")
                        .toUpperCase(Locale.ROOT);
        ApiResponse type =
                configurer.post("/api/relationship-types", "{\"code\":\"" + code + "\",\"name\":\"Audited type\"}");
        assertThat(type.status()).as(type.body()).isEqualTo(201);

        JsonNode consent = awaitEntry("action=customer.consent-changed&customerId=" + merged);
        assertThat(consent.get("actorId").asString()).isEqualTo("alice");
        assertThat(consent.get("actorKind").asString()).isEqualTo("USER");
        assertThat(consent.get("actorRole").asString()).isEqualTo("AGENT");
        assertThat(consent.at("/details/channel").asString()).isEqualTo("EMAIL");
        assertThat(consent.at("/details/status").asString()).isEqualTo("GRANTED");
        assertThat(Instant.parse(consent.get("occurredAt").asString())).isAfter(before);

        JsonNode mergeEntry = awaitEntry("action=customer.merged&subjectType=customer&subjectId=" + survivor);
        assertThat(mergeEntry.get("actorId").asString()).isEqualTo("dedup-tool");
        assertThat(mergeEntry.get("actorKind").asString()).isEqualTo("CLIENT");
        assertThat(mergeEntry.at("/details/mergedIds").asString()).isEqualTo(merged);
        assertThat(mergeEntry.get("source").asString()).isEqualTo("customer-service");
        assertThat(mergeEntry.get("requestId").asString()).isNotBlank();

        JsonNode export = awaitEntry("action=customer.exported&customerId=" + survivor);
        assertThat(export.get("actorId").asString()).isEqualTo("dora");
        assertThat(export.get("actorRole").asString()).isEqualTo("ADMIN");
        JsonNode erasure = awaitEntry("action=customer.erased&actor=dora&customerId=" + survivor);
        assertThat(Instant.parse(erasure.get("occurredAt").asString())).isAfter(before);

        JsonNode config = awaitEntry("action=relationship-type.defined&subjectId=" + code);
        assertThat(config.get("actorId").asString()).isEqualTo("config-bot");
        assertThat(config.get("subjectType").asString()).isEqualTo("relationship-type");
        assertThat(config.hasNonNull("customerId")).isFalse();

        // the actor is in the customer events too (the merge's was checked before the erasure, which drops a
        // customer's events still waiting in the outbox)
        assertThat(customerEvents
                        .await("crm.customer.erased", survivor)
                        .data(CustomerErased.class)
                        .actor()
                        .id())
                .isEqualTo("dora");
        CustomerConsentChanged changed =
                customerEvents.await("crm.customer.consent-changed", merged).data(CustomerConsentChanged.class);
        assertThat(changed.actor().kind()).isEqualTo("USER");
        assertThat(changed.actor().id()).isEqualTo("alice");

        // newest first, cursor paging over the same filter
        JsonNode page1 =
                admin.get("/api/audit?customerId=" + survivor + "&limit=1").json();
        assertThat(page1.get("items").size()).isEqualTo(1);
        JsonNode page2 = admin.get("/api/audit?customerId=" + survivor + "&limit=1&cursor="
                        + page1.get("nextCursor").asString())
                .json();
        assertThat(Instant.parse(page2.at("/items/0/occurredAt").asString()))
                .isBeforeOrEqualTo(Instant.parse(page1.at("/items/0/occurredAt").asString()));
        assertThat(page2.at("/items/0/id").asString())
                .isNotEqualTo(page1.at("/items/0/id").asString());
        assertThat(admin.get("/api/audit?from=" + Instant.now().plusSeconds(60))
                        .json()
                        .get("items")
                        .size())
                .isZero();
    }

    @Test
    void onlyAdminsReadTheLog() {
        assertThat(base.get("/api/audit").status()).isEqualTo(401);
        assertThat(base.withToken(TestTokens.withScopes("crm.read", "crm.write", "crm.merge", "crm.export"))
                        .get("/api/audit")
                        .status())
                .isEqualTo(403);
        assertThat(base.withToken(TestTokens.forUser("maria", "manager", "north", "crm.read", "crm.write"))
                        .get("/api/audit")
                        .status())
                .isEqualTo(403);
        assertThat(admin.get("/api/audit").status()).isEqualTo(200);
        assertThat(admin.get("/api/audit?cursor=nonsense").status()).isEqualTo(400);
    }

    @Test
    void entriesFromOtherServicesArriveAndNoneCanBeChangedOrDeleted() {
        UUID id = UUID.randomUUID();
        UUID customer = UUID.randomUUID();
        TestEvents.publish(
                "/crm/interaction-service",
                new AuditRecorded(
                        customer,
                        "maria",
                        "USER",
                        "MANAGER",
                        "contact-policy.overridden",
                        "interaction",
                        id.toString(),
                        Instant.parse("2026-01-02T03:04:05Z"),
                        "req-1",
                        Map.of("policies", "max-contacts")));
        JsonNode entry = awaitEntry("subjectType=interaction&subjectId=" + id);
        assertThat(entry.get("actorId").asString()).isEqualTo("maria");
        assertThat(entry.get("occurredAt").asString()).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(entry.at("/details/policies").asString()).isEqualTo("max-contacts");

        assertThatThrownBy(() -> jdbc.sql("update audit_entry set actor_id = 'someone-else' where subject_id = :id")
                        .param("id", id.toString())
                        .update())
                .rootCause()
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("delete from audit_entry where subject_id = :id")
                        .param("id", id.toString())
                        .update())
                .rootCause()
                .hasMessageContaining("append-only");
        assertThat(awaitEntry("subjectType=interaction&subjectId=" + id)
                        .get("actorId")
                        .asString())
                .isEqualTo("maria");
    }

    @Test
    void aRoleChangeInTheTokenIssuerIsListedWithThePersonAsSubjectAndNoCustomer() {
        String username = "dave-" + UUID.randomUUID().toString().substring(0, 8);
        // as local/token-issuer's PeopleAudit publishes it (source /crm/token-issuer, about no customer)
        TestEvents.publish(
                "/crm/token-issuer",
                new AuditRecorded(
                        null,
                        "crm-admin",
                        "CLIENT",
                        "CLIENT",
                        "user.role-changed",
                        "user",
                        username,
                        Instant.parse("2026-03-04T05:06:07Z"),
                        null,
                        Map.of("role", "manager", "previousRole", "agent")));

        JsonNode entry = awaitEntry("subjectType=user&subjectId=" + username);
        assertThat(entry.get("action").asString()).isEqualTo("user.role-changed");
        assertThat(entry.get("source").asString()).isEqualTo("token-issuer");
        assertThat(entry.get("actorId").asString()).isEqualTo("crm-admin");
        assertThat(entry.get("actorKind").asString()).isEqualTo("CLIENT");
        assertThat(entry.hasNonNull("customerId")).isFalse();
        assertThat(entry.at("/details/role").asString()).isEqualTo("manager");
        assertThat(entry.at("/details/previousRole").asString()).isEqualTo("agent");
        assertThat(awaitEntry("action=user.role-changed&actor=crm-admin&subjectId=" + username)
                        .get("id")
                        .asString())
                .isEqualTo(entry.get("id").asString());
    }

    @Test
    void everyDatabaseSessionHasAStatementTimeoutThatBatchWorkMayRaiseForItsTransaction() {
        assertThat(jdbc.sql("show statement_timeout").query(String.class).single())
                .isEqualTo("30s");
        String raised = transactions.execute(tx -> {
            StatementTimeout.extend(jdbc, Duration.ofMinutes(30));
            return jdbc.sql("show statement_timeout").query(String.class).single();
        });
        assertThat(raised).isEqualTo("30min");
        assertThat(jdbc.sql("show statement_timeout").query(String.class).single())
                .as("SET LOCAL ends with its transaction")
                .isEqualTo("30s");
    }

    private String create(ApiClient client, String name) {
        ApiResponse created = client.post(
                "/api/customers",
                "{\"type\":\"PERSON\",\"displayName\":\"" + name
                        + "\",\"consents\":{\"EMAIL\":{\"status\":\"GRANTED\"}}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private JsonNode awaitEntry(String query) {
        return await().atMost(Duration.ofSeconds(30))
                .until(() -> admin.get("/api/audit?" + query).json().get("items"), items -> items.size() >= 1)
                .get(0);
    }
}
