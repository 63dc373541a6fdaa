package com.crm.feedback.customer;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.events.customer.CustomerErased;
import com.crm.contracts.events.customer.CustomerMerged;
import com.crm.feedback.FeedbackIntegrationTest;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.TestEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class CustomerLifecycleIntegrationTest extends FeedbackIntegrationTest {

    private String activeSurvey() {
        String id = configurer.post("/api/surveys", """
                {"name":"Visit","kind":"CSAT","questions":[
                  {"id":"csat","type":"CSAT","text":"Satisfied?"},
                  {"id":"comment","type":"TEXT","text":"Tell us more","required":false}]}""").json().get("id").asString();
        configurer.post("/api/surveys/" + id + "/activate", null);
        return id;
    }

    private String complaint(UUID customer) {
        ApiResponse opened = agent.post("/api/complaints", """
                {"customerId":"%s","category":"delivery","severity":"LOW","description":"My address is 1 Main St"}""".formatted(customer));
        return opened.json().get("id").asString();
    }

    @Test
    void erasurePurgesFreeTextButKeepsScoresForTheFigures() {
        String survey = activeSurvey();
        UUID customer = UUID.randomUUID();
        ApiResponse recorded = configurer.post("/api/surveys/" + survey + "/responses", """
                {"customerId":"%s","answers":{"csat":2,"comment":"Call me on 138 1234 5678"}}""".formatted(customer));
        assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
        String complaint = complaint(customer);

        TestEvents.publish("/crm/customer-service", new CustomerErased(customer, Instant.now()));

        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> "[erased]"
                        .equals(agent.get("/api/complaints/" + complaint)
                                .json()
                                .get("description")
                                .asString()));
        assertThat(jdbc.sql("select answers::text from survey_response where customer_id = :c")
                        .param("c", customer)
                        .query(String.class)
                        .single())
                .isEqualTo("{\"csat\": 2}");
    }

    @Test
    void aMergeMovesResponsesAndComplaintsToTheSurvivor() {
        String survey = activeSurvey();
        UUID survivor = UUID.randomUUID();
        UUID merged = UUID.randomUUID();
        agent.post(
                "/api/surveys/" + survey + "/responses",
                "{\"customerId\":\"%s\",\"answers\":{\"csat\":5}}".formatted(merged));
        String complaint = complaint(merged);

        TestEvents.publish("/crm/customer-service", new CustomerMerged(survivor, List.of(merged), Instant.now(), null));

        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> survivor.toString()
                        .equals(agent.get("/api/complaints/" + complaint)
                                .json()
                                .get("customerId")
                                .asString()));
        assertThat(jdbc.sql("select count(*) from survey_response where customer_id = :c")
                        .param("c", survivor)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }
}
