package com.crm.interaction.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.Topics;
import com.crm.contracts.events.audit.AuditRecorded;
import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmServiceTest;
import com.crm.test.EventCapture;
import com.crm.test.TestTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Agents as configuration: crm.config or crm.admin to change, crm.read to read, validated field by field. */
@CrmServiceTest
class AgentIntegrationTest {

    @RegisterExtension
    static final EventCapture audit = EventCapture.of(Topics.AUDIT);

    @LocalServerPort
    int port;

    private ApiClient reader;
    private ApiClient writer;
    private ApiClient configurer;

    @BeforeEach
    void clients() {
        ApiClient base = ApiClient.of("http://localhost:" + port);
        reader = base.withToken(TestTokens.withScopes("crm.read"));
        writer = base.withToken(TestTokens.withScopes("crm.read", "crm.write"));
        configurer = base.withToken(TestTokens.forClient("config-bot", "crm.read", "crm.write", "crm.config"));
    }

    private static String agent(String userId, String name) {
        return """
                {"userId":"%s","displayName":"%s","team":"north",
                 "skills":[{"skill":"lang:ZH","level":5},{"skill":"complaints","level":3}],
                 "seniority":"SENIOR","capacity":{"PHONE":4,"EMAIL":10},
                 "workingHours":{"timeZone":"Asia/Shanghai","slots":[{"day":"MONDAY","start":"09:00","end":"17:30"}]}}""".formatted(userId, name);
    }

    private static List<String> fields(ApiResponse problem) {
        List<String> fields = new ArrayList<>();
        problem.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        return fields;
    }

    @Test
    void configurersCreateReplaceAndDeleteAgentsWithETagsAndEveryChangeIsAudited() {
        String userId = "alice-" + UUID.randomUUID();
        assertThat(writer.post("/api/agents", agent(userId, "Alice")).status())
                .as("agents are configuration: crm.config or crm.admin")
                .isEqualTo(403);
        ApiResponse created = configurer.post("/api/agents", agent(userId, "Alice"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.header("ETag")).isEqualTo("\"1\"");
        String id = created.json().get("id").asString();
        assertThat(created.header("Location")).endsWith("/api/agents/" + id);
        assertThat(created.json().at("/skills/0/skill").asString()).isEqualTo("lang:zh");
        assertThat(created.json().at("/capacity/PHONE").asInt()).isEqualTo(4);
        assertThat(created.json().get("available").asBoolean()).isTrue();

        ApiResponse read = reader.get("/api/agents/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().at("/workingHours/slots/0/end").asString()).startsWith("17:30");
        assertThat(reader.get("/api/agents").json().get("items").toString()).contains(id);

        ApiResponse sameUser = configurer.post("/api/agents", agent(userId, "Alice again"));
        assertThat(sameUser.status()).isEqualTo(400);
        assertThat(fields(sameUser)).containsExactly("userId");

        ApiClient ifMatch1 = configurer.withHeader("If-Match", "\"1\"");
        ApiResponse replaced = ifMatch1.send("PUT", "/api/agents/" + id, agent(userId, "Alice L."), "application/json");
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        assertThat(replaced.header("ETag")).isEqualTo("\"2\"");
        assertThat(replaced.json().get("displayName").asString()).isEqualTo("Alice L.");
        ApiResponse stale = ifMatch1.send("PUT", "/api/agents/" + id, agent(userId, "Alice X"), "application/json");
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.contentType()).startsWith("application/problem+json");

        // the audit events of one resource may arrive in any order: wait for each by its action
        AuditRecorded entry = audit.awaitMatching(
                        r -> id.equals(r.data(AuditRecorded.class).subjectId())
                                && r.data(AuditRecorded.class).action().equals("agent.created"))
                .data(AuditRecorded.class);
        assertThat(entry.subjectType()).isEqualTo("agent");
        assertThat(entry.actorId()).isEqualTo("config-bot");
        audit.awaitMatching(r -> id.equals(r.data(AuditRecorded.class).subjectId())
                && r.data(AuditRecorded.class).action().equals("agent.replaced"));

        assertThat(configurer.delete("/api/agents/" + id).status()).isEqualTo(204);
        assertThat(reader.get("/api/agents/" + id).status()).isEqualTo(404);
        audit.awaitMatching(r -> id.equals(r.data(AuditRecorded.class).subjectId())
                && r.data(AuditRecorded.class).action().equals("agent.deleted"));
    }

    @Test
    void badInputIsAProblemNamingEachField() {
        ApiResponse missing = configurer.post("/api/agents", """
                {"userId":"x-%s","skills":[{"skill":"billing","level":7}],"capacity":{"PHONE":-1}}""".formatted(UUID.randomUUID()));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        assertThat(fields(missing)).contains("displayName", "seniority", "skills[0].level");
        assertThat(fields(missing)).anyMatch(f -> f.startsWith("capacity"));

        ApiResponse rules = configurer.post("/api/agents", """
                {"userId":"y-%s","displayName":"Y","seniority":"JUNIOR",
                 "skills":[{"skill":"billing","level":2},{"skill":"Billing","level":3}],
                 "workingHours":{"timeZone":"Mars/Olympus","slots":[{"day":"FRIDAY","start":"18:00","end":"09:00"}]}}""".formatted(UUID.randomUUID()));
        assertThat(rules.status()).isEqualTo(400);
        assertThat(fields(rules))
                .containsExactlyInAnyOrder("skills[1].skill", "workingHours.timeZone", "workingHours.slots[0].end");

        ApiResponse badEnum = configurer.post("/api/agents", """
                {"userId":"z","displayName":"Z","seniority":"BOSS"}""");
        assertThat(badEnum.status()).isEqualTo(400);
        assertThat(fields(badEnum)).containsExactly("seniority");
    }
}
