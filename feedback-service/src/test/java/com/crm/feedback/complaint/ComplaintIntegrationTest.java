package com.crm.feedback.complaint;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.Topics;
import com.crm.contracts.events.feedback.ComplaintOpened;
import com.crm.contracts.events.feedback.ComplaintResolved;
import com.crm.contracts.events.feedback.ComplaintSlaBreached;
import com.crm.feedback.FeedbackIntegrationTest;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.EventCapture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Test SLA for CRITICAL is 1 s (FeedbackIntegrationTest); the others keep their defaults (hours, days). */
class ComplaintIntegrationTest extends FeedbackIntegrationTest {

    @Autowired
    ComplaintService complaints;

    private JsonNode open(UUID customer, String severity) {
        ApiResponse opened = agent.post("/api/complaints", """
                {"customerId":"%s","category":"billing","severity":"%s","channel":"PHONE",
                 "description":"Charged twice","interactionId":"%s"}""".formatted(customer, severity, UUID.randomUUID()));
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        return opened.json();
    }

    private long breachEvents(EventCapture events, String complaintId) {
        return events.received().stream()
                .filter(r -> r.event().getType().equals("crm.complaint.sla-breached"))
                .filter(r -> r.data(ComplaintSlaBreached.class)
                        .complaintId()
                        .toString()
                        .equals(complaintId))
                .count();
    }

    @Test
    void aComplaintBreachingItsSlaEscalatesExactlyOnce() {
        UUID customer = UUID.randomUUID();
        JsonNode complaint = open(customer, "CRITICAL");
        String id = complaint.get("id").asString();
        Instant opened = Instant.parse(complaint.get("openedAt").asString());
        assertThat(Instant.parse(complaint.get("dueAt").asString())).isEqualTo(opened.plusSeconds(1));

        try (EventCapture events = new EventCapture(kafka, Topics.FEEDBACK)) {
            var breach = events.await("crm.complaint.sla-breached", customer.toString());
            assertThat(breach.data(ComplaintSlaBreached.class).complaintId().toString())
                    .isEqualTo(id);
            assertThat(breach.data(ComplaintSlaBreached.class).severity()).isEqualTo("CRITICAL");

            // several replicas checking at once, and the scheduler going on: no second escalation
            List<CompletableFuture<Integer>> checks = List.of(
                    CompletableFuture.supplyAsync(complaints::escalateBreaches),
                    CompletableFuture.supplyAsync(complaints::escalateBreaches),
                    CompletableFuture.supplyAsync(complaints::escalateBreaches));
            checks.forEach(CompletableFuture::join);
            Awaitility.await()
                    .during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> breachEvents(events, id) == 1);
            ApiResponse after = agent.get("/api/complaints/" + id);
            assertThat(after.json().get("escalatedAt").isNull()).isFalse();
            assertThat(after.json().get("breached").asBoolean()).isTrue();
        }
    }

    @Test
    void aComplaintMovesThroughItsLifecycleWithEvents() {
        UUID customer = UUID.randomUUID();
        String id = open(customer, "LOW").get("id").asString();

        assertThat(agent.post("/api/complaints/" + id + "/close", null).status())
                .isEqualTo(409);
        assertThat(agent.send(
                                "PUT",
                                "/api/complaints/" + id + "/assignee",
                                "{\"assignee\":\"agent-7\"}",
                                "application/json")
                        .json()
                        .get("assignee")
                        .asString())
                .isEqualTo("agent-7");
        assertThat(agent.post("/api/complaints/" + id + "/acknowledge", null)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("ACKNOWLEDGED");
        ApiResponse resolved = agent.post("/api/complaints/" + id + "/resolve", "{\"resolution\":\"Refunded\"}");
        assertThat(resolved.json().get("status").asString()).isEqualTo("RESOLVED");
        assertThat(agent.post("/api/complaints/" + id + "/close", null)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("CLOSED");
        ApiResponse reopened = agent.post("/api/complaints/" + id + "/reopen", "{\"reason\":\"Charged again\"}");
        assertThat(reopened.json().get("status").asString()).isEqualTo("OPEN");
        assertThat(reopened.json().get("reopenedCount").asInt()).isEqualTo(1);
        assertThat(agent.get("/api/complaints?customerId=" + customer).json().get("items"))
                .hasSize(1);

        try (EventCapture events = new EventCapture(kafka, Topics.FEEDBACK)) {
            var opened = events.await("crm.complaint.opened", customer.toString());
            assertThat(opened.data(ComplaintOpened.class).severity()).isEqualTo("LOW");
            var done = events.await("crm.complaint.resolved", customer.toString());
            assertThat(done.data(ComplaintResolved.class).withinSla()).isTrue();
        }
    }

    @Test
    void aChangeWithAStaleIfMatchIsRefusedAndChangesNothing() {
        String id = open(UUID.randomUUID(), "LOW").get("id").asString();
        ApiResponse read = agent.get("/api/complaints/" + id);
        String etag = read.header("ETag");
        assertThat(etag).isEqualTo("\"" + read.json().get("version").asLong() + "\"");

        ApiResponse assigned = agent.withHeader("If-Match", etag)
                .send("PUT", "/api/complaints/" + id + "/assignee", "{\"assignee\":\"agent-1\"}", "application/json");
        assertThat(assigned.status()).as(assigned.body()).isEqualTo(200);
        assertThat(assigned.header("ETag")).isNotEqualTo(etag);

        // a second agent, still holding the first version, is told the complaint changed
        ApiResponse stale = agent.withHeader("If-Match", etag).post("/api/complaints/" + id + "/acknowledge", null);
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.contentType()).startsWith("application/problem+json");
        assertThat(agent.get("/api/complaints/" + id).json().get("status").asString())
                .isEqualTo("OPEN");

        ApiResponse fresh = agent.withHeader("If-Match", assigned.header("ETag"))
                .post("/api/complaints/" + id + "/acknowledge", null);
        assertThat(fresh.json().get("status").asString()).isEqualTo("ACKNOWLEDGED");
        assertThat(agent.post("/api/complaints/" + id + "/resolve", "{\"resolution\":\"Refunded\"}")
                        .status())
                .as("without If-Match a change is still taken")
                .isEqualTo(200);
    }

    @Test
    void theListPagesThroughEveryComplaintNewestFirst() {
        UUID customer = UUID.randomUUID();
        List<String> opened = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            opened.add(0, open(customer, "LOW").get("id").asString());
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = agent.get("/api/complaints?customerId=" + customer + "&limit=2"
                            + (cursor == null ? "" : "&cursor=" + cursor))
                    .json();
            page.get("items").forEach(c -> seen.add(c.get("id").asString()));
            cursor = page.get("nextCursor").isNull()
                    ? null
                    : page.get("nextCursor").asString();
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).as("every complaint once, newest first").isEqualTo(opened);

        ApiResponse forged = agent.get("/api/complaints?cursor=not-a-cursor");
        assertThat(forged.status()).isEqualTo(400);
        assertThat(forged.json().at("/errors/0/field").asString()).isEqualTo("cursor");
    }

    @Test
    void anInvalidComplaintNamesEveryField() {
        ApiResponse invalid = agent.post("/api/complaints", "{\"category\":\"bad category!\",\"channel\":\"FAX\"}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().get("errors")).hasSize(5);

        ApiResponse blankProduct = agent.post("/api/complaints", """
                {"customerId":"%s","category":"billing","severity":"LOW","description":"x","productCode":" "}""".formatted(UUID.randomUUID()));
        assertThat(blankProduct.status()).isEqualTo(400);
        assertThat(blankProduct.json().get("errors").get(0).get("field").asString())
                .isEqualTo("productCode");
    }

    @Test
    void eachInvalidFieldOfAComplaintGetsItsMostSpecificCode() {
        ApiResponse invalid =
                agent.post("/api/complaints", """
                {"customerId":"%s","category":"%s","severity":"LOW","channel":"FAX","description":" ",
                 "assignee":"  ","productCode":"%s"}""".formatted(UUID.randomUUID(), "c".repeat(65), "p".repeat(129)));
        assertThat(invalid.status()).isEqualTo(400);
        List<String> found = new ArrayList<>();
        invalid.json()
                .get("errors")
                .forEach(e -> found.add(
                        e.get("field").asString() + ":" + e.get("code").asString()));
        assertThat(found)
                .containsExactlyInAnyOrder(
                        "category:too-long",
                        "channel:invalid-value",
                        "description:required",
                        "assignee:invalid-format",
                        "productCode:too-long");

        ApiResponse unassigned = agent.send(
                "PUT", "/api/complaints/" + UUID.randomUUID() + "/assignee", "{\"assignee\":\"\"}", "application/json");
        assertThat(unassigned.status()).isEqualTo(400);
        assertThat(unassigned.json().at("/errors/0/code").asString()).isEqualTo("required");
    }

    @Test
    void aComplaintAboutAProductCarriesItsCodeInTheOpenedEvent() {
        UUID customer = UUID.randomUUID();
        ApiResponse opened = agent.post("/api/complaints", """
                {"customerId":"%s","category":"quality","severity":"LOW","description":"Broke in a day",
                 "productCode":"SKU-42"}""".formatted(customer));
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        assertThat(opened.json().get("productCode").asString()).isEqualTo("SKU-42");
        try (EventCapture events = new EventCapture(kafka, Topics.FEEDBACK)) {
            var event = events.await("crm.complaint.opened", customer.toString());
            assertThat(event.data(ComplaintOpened.class).productCode()).isEqualTo("SKU-42");
        }
    }
}
