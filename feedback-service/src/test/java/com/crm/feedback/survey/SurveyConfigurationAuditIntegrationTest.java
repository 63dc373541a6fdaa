package com.crm.feedback.survey;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.Topics;
import com.crm.contracts.events.audit.AuditRecorded;
import com.crm.contracts.events.customer.CustomerRegistered;
import com.crm.contracts.events.customer.CustomerSnapshot;
import com.crm.contracts.events.feedback.ComplaintOpened;
import com.crm.contracts.events.feedback.ComplaintResolved;
import com.crm.feedback.FeedbackIntegrationTest;
import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.EventCapture;
import com.crm.test.TestEvents;
import com.crm.test.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** Survey configuration needs crm.config and is audited; complaints record who opened and resolved them. */
class SurveyConfigurationAuditIntegrationTest extends FeedbackIntegrationTest {

    @RegisterExtension
    static final EventCapture audit = EventCapture.of(Topics.AUDIT);

    @RegisterExtension
    static final EventCapture feedback = EventCapture.of(Topics.FEEDBACK);

    @Test
    void surveyChangesNeedTheConfigScopeAndAreAuditedWithTheirActor() {
        String body = "{\"name\":\"Audited CSAT\",\"kind\":\"CSAT\"}";
        assertThat(agent.post("/api/surveys", body).status())
                .as("crm.write is not enough to configure surveys")
                .isEqualTo(403);
        ApiClient designer = anonymous.withToken(
                TestTokens.forUser("maria", "manager", "north", "crm.read", "crm.write", "crm.config"));
        ApiResponse created = designer.post("/api/surveys", body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(admin.post("/api/surveys/" + id + "/activate", null).status())
                .as("crm.admin may too")
                .isEqualTo(200);

        AuditRecorded creation = audit.awaitMatching(
                        r -> id.equals(r.data(AuditRecorded.class).subjectId())
                                && r.data(AuditRecorded.class).action().equals("survey.created"))
                .data(AuditRecorded.class);
        assertThat(creation.actorId()).isEqualTo("maria");
        assertThat(creation.actorKind()).isEqualTo("USER");
        assertThat(creation.actorRole()).isEqualTo("MANAGER");
        assertThat(creation.subjectType()).isEqualTo("survey");
        assertThat(creation.occurredAt()).isNotNull();
        assertThat(creation.customerId()).isNull();
        AuditRecorded activation = audit.awaitMatching(
                        r -> id.equals(r.data(AuditRecorded.class).subjectId())
                                && r.data(AuditRecorded.class).action().equals("survey.activated"))
                .data(AuditRecorded.class);
        assertThat(activation.actorKind()).isEqualTo("CLIENT");
    }

    @Test
    void aComplaintRecordsWhoOpenedAndWhoResolvedIt() {
        UUID customer = UUID.randomUUID();
        // a customer registered without owner or team: known here, assigned to nobody yet
        Instant now = Instant.now();
        TestEvents.publish(
                "/crm/customer-service",
                new CustomerRegistered(
                        customer,
                        new CustomerSnapshot(
                                customer, "PERSON", null, null, null, null, List.of(), null, Map.of(), now, now, 1,
                                null, null)));
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> jdbc.sql("select count(*) from customer_ownership where customer_id = :c")
                                .param("c", customer)
                                .query(Long.class)
                                .single()
                        == 1);
        String body = """
                {"customerId":"%s","category":"billing","severity":"LOW","channel":"PHONE",
                 "description":"Charged twice"}""".formatted(customer);
        // a customer nobody has assigned yet is outside an agent's visibility: refused, nothing written
        ApiClient alice = anonymous.withToken(TestTokens.forUser("alice", "agent", "north", "crm.read", "crm.write"));
        ApiResponse refused = alice.post("/api/complaints", body);
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.json().at("/errors/0/field").asString()).isEqualTo("customerId");
        // a manager sees unassigned customers (to assign them) and may open one
        ApiClient maria = anonymous.withToken(TestTokens.forUser("maria", "manager", "north", "crm.read", "crm.write"));
        ApiResponse opened = maria.post("/api/complaints", body);
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        JsonNode complaint = opened.json();
        assertThat(complaint.at("/openedBy/kind").asString()).isEqualTo("USER");
        assertThat(complaint.at("/openedBy/id").asString()).isEqualTo("maria");
        String id = complaint.get("id").asString();

        ApiClient bob = anonymous.withToken(TestTokens.forClient("helpdesk", "crm.read", "crm.write"));
        ApiResponse resolved = bob.post("/api/complaints/" + id + "/resolve", "{\"resolution\":\"Refunded\"}");
        assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
        assertThat(resolved.json().at("/resolvedBy/id").asString()).isEqualTo("helpdesk");
        assertThat(resolved.json().at("/resolvedBy/kind").asString()).isEqualTo("CLIENT");

        assertThat(feedback.await("crm.complaint.opened", customer.toString())
                        .data(ComplaintOpened.class)
                        .actor()
                        .id())
                .isEqualTo("maria");
        assertThat(feedback.await("crm.complaint.resolved", customer.toString())
                        .data(ComplaintResolved.class)
                        .actor()
                        .id())
                .isEqualTo("helpdesk");
    }
}
