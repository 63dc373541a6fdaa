package com.crm.feedback.invitation;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.events.interaction.InteractionRecorded;
import com.crm.feedback.FeedbackIntegrationTest;
import com.crm.feedback.InteractionServiceStub;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.TestEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Rules invite after interactions; interaction-service's contact check gates delivery (stubbed on a real port). */
class PostContactInvitationIntegrationTest extends FeedbackIntegrationTest {

    private final InteractionServiceStub interactionService = InteractionServiceStub.get();

    @AfterEach
    void bringInteractionServiceBack() {
        interactionService.start();
    }

    private String csatAfterServiceCalls() {
        ApiResponse survey = configurer.post("/api/surveys", "{\"name\":\"CSAT after service\",\"kind\":\"CSAT\"}");
        String surveyId = survey.json().get("id").asString();
        assertThat(configurer
                        .post("/api/surveys/" + surveyId + "/activate", null)
                        .status())
                .isEqualTo(200);
        ApiResponse rule = admin.post("/api/invitation-rules", """
                {"surveyId":"%s","interactionType":"SERVICE","channel":"PHONE","inviteChannel":"SMS"}""".formatted(surveyId));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        return surveyId;
    }

    private static InteractionRecorded serviceCall(UUID customer) {
        return new InteractionRecorded(
                customer,
                UUID.randomUUID(),
                "PHONE",
                "INBOUND",
                "SERVICE",
                "SERVICE",
                "RESOLVED",
                Instant.now(),
                300,
                "agent-1",
                null,
                false,
                "api",
                null,
                false);
    }

    private JsonNode invitationOf(UUID customer) {
        JsonNode items =
                agent.get("/api/invitations?customerId=" + customer).json().get("items");
        return items.isEmpty() ? null : items.get(0);
    }

    private JsonNode awaitInvitation(UUID customer, String status, int minAttempts) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> invitationOf(customer),
                        i -> i != null
                                && status.equals(i.get("status").asString())
                                && i.get("attempts").asInt() >= minAttempts);
    }

    @Test
    void anInvitationIsDeferredNotLostWhileInteractionServiceIsDownAndSentWhenItIsBack() {
        csatAfterServiceCalls();
        UUID customer = UUID.randomUUID();
        interactionService.stop();

        var event = TestEvents.publish("/crm/interaction-service", serviceCall(customer));

        // retried on schedule, still waiting, never sent without the check
        JsonNode deferred = awaitInvitation(customer, "DEFERRED", 2);
        assertThat(deferred.get("statusReason").asString()).contains("interaction-service unavailable");
        assertThat(deferred.get("channel").asString()).isEqualTo("SMS");
        assertThat(deferred.get("sentAt").isNull()).isTrue();

        interactionService.start();
        JsonNode sent = awaitInvitation(customer, "SENT", 2);
        assertThat(sent.get("sentAt").isNull()).isFalse();
        assertThat(interactionService.checksFor(customer.toString())).isGreaterThanOrEqualTo(1);

        // the same event again (a redelivery) invites nobody twice
        TestEvents.send(event);
        TestEvents.publish(
                "/crm/interaction-service",
                new InteractionRecorded(
                        customer,
                        UUID.randomUUID(),
                        "EMAIL",
                        "INBOUND",
                        "SERVICE",
                        "SERVICE",
                        "RESOLVED",
                        Instant.now(),
                        0,
                        null,
                        null,
                        false,
                        "api",
                        null,
                        false));
        Awaitility.await()
                .during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(5))
                .until(() -> agent.get("/api/invitations?customerId=" + customer)
                                .json()
                                .get("items")
                                .size()
                        == 1);
    }

    @Test
    void aContactThePoliciesRefuseForGoodIsSuppressedNotSent() {
        csatAfterServiceCalls();
        UUID customer = UUID.randomUUID();
        interactionService.refuse(customer.toString());

        TestEvents.publish("/crm/interaction-service", serviceCall(customer));

        JsonNode suppressed = awaitInvitation(customer, "SUPPRESSED", 1);
        assertThat(suppressed.get("statusReason").asString()).contains("consent");
        assertThat(Objects.requireNonNull(suppressed.get("sentAt")).isNull()).isTrue();
    }

    @Test
    void onlyAdminsDefineRules() {
        ApiResponse refused = agent.post(
                "/api/invitation-rules",
                "{\"surveyId\":\"%s\",\"interactionType\":\"SERVICE\"}".formatted(UUID.randomUUID()));
        assertThat(refused.status()).isEqualTo(403);
    }
}
