package com.crm.feedback.survey;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.Topics;
import com.crm.contracts.events.feedback.ResponseReceived;
import com.crm.feedback.FeedbackIntegrationTest;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.EventCapture;
import com.crm.test.TestTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SurveyResponseIntegrationTest extends FeedbackIntegrationTest {

    private String activeSurvey(String body) {
        ApiResponse created = configurer.post("/api/surveys", body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        ApiResponse active = configurer.post("/api/surveys/" + id + "/activate", null);
        assertThat(active.status()).as(active.body()).isEqualTo(200);
        assertThat(active.json().get("status").asString()).isEqualTo("ACTIVE");
        return id;
    }

    private JsonNode invite(String surveyId, UUID customer) {
        ApiResponse invited = agent.post(
                "/api/surveys/" + surveyId + "/invitations",
                "{\"customerId\":\"%s\",\"channel\":\"EMAIL\"}".formatted(customer));
        assertThat(invited.status()).as(invited.body()).isEqualTo(201);
        return invited.json();
    }

    private ApiResponse answer(String token, String answers) {
        return anonymous.post(
                "/api/public/survey-answers", "{\"token\":\"%s\",\"answers\":%s}".formatted(token, answers));
    }

    @Test
    void anNpsResponseOfThreeBecomesADetractorEvent() {
        String survey = activeSurvey("{\"name\":\"Relationship NPS\",\"kind\":\"NPS\"}");
        UUID customer = UUID.randomUUID();
        String token = invite(survey, customer).get("token").asString();

        ApiResponse accepted = answer(token, "{\"nps\":3}");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);

        try (EventCapture events = new EventCapture(kafka, Topics.FEEDBACK)) {
            var received = events.await("crm.feedback.response-received", customer.toString());
            assertThat(received.key()).isEqualTo(customer.toString());
            ResponseReceived data = received.data(ResponseReceived.class);
            assertThat(data.score()).isEqualTo(3);
            assertThat(data.npsCategory()).isEqualTo("detractor");
            assertThat(data.surveyKind()).isEqualTo("NPS");
            assertThat(data.surveyId().toString()).isEqualTo(survey);
            assertThat(data.responseId().toString())
                    .isEqualTo(accepted.json().get("responseId").asString());
        }
        // the Location names the stored response, readable with crm.read (the public caller learns only its id)
        String location = accepted.header("Location");
        assertThat(location)
                .isEqualTo("/api/survey-responses/"
                        + accepted.json().get("responseId").asString());
        var reader = anonymous.withToken(TestTokens.withScopes("crm.read"));
        JsonNode stored = reader.get(location).json();
        assertThat(stored.get("customerId").asString()).isEqualTo(customer.toString());
        assertThat(stored.get("score").asInt()).isEqualTo(3);
        assertThat(stored.get("npsCategory").asString()).isEqualTo("detractor");
        assertThat(stored.at("/answers/nps").asInt()).isEqualTo(3);
        assertThat(anonymous.get(location).status()).as("without a token").isEqualTo(401);
        assertThat(reader.get("/api/survey-responses/" + UUID.randomUUID()).status())
                .isEqualTo(404);
    }

    @Test
    void aTokenIsAcceptedOnceAndTheSecondAnswerIsToldSo() {
        String survey = activeSurvey("{\"name\":\"CSAT after service\",\"kind\":\"CSAT\"}");
        String token = invite(survey, UUID.randomUUID()).get("token").asString();

        assertThat(answer(token, "{\"csat\":5}").status()).isEqualTo(201);
        ApiResponse again = answer(token, "{\"csat\":1}");

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.contentType()).startsWith("application/problem+json");
        assertThat(again.json().get("title").asString()).isEqualTo("Already answered");
        assertThat(jdbc.sql("select count(*) from survey_response where survey_id = cast(:s as uuid)")
                        .param("s", survey)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void aTokenCannotBeUsedAfterItsExpiry() {
        String survey = activeSurvey("{\"name\":\"CES\",\"kind\":\"CES\"}");
        JsonNode invitation = invite(survey, UUID.randomUUID());
        jdbc.sql("update invitation set expires_at = now() - interval '1 second' where id = cast(:id as uuid)")
                .param("id", invitation.get("id").asString())
                .update();

        ApiResponse late = answer(invitation.get("token").asString(), "{\"ces\":2}");

        assertThat(late.status()).isEqualTo(410);
        assertThat(late.json().get("title").asString()).isEqualTo("Invitation expired");
        assertThat(answer("not-a-real-token", "{\"ces\":2}").status()).isEqualTo(404);
    }

    @Test
    void answersAreValidatedPerQuestionTypeNamingEveryField() {
        String survey = activeSurvey("""
                {"name":"Onboarding","kind":"CUSTOM","questions":[
                  {"id":"ease","type":"SCALE","text":"How easy?","min":1,"max":10},
                  {"id":"channel","type":"SINGLE_CHOICE","text":"Where?","options":["web","app"]},
                  {"id":"liked","type":"MULTIPLE_CHOICE","text":"What did you like?","options":["speed","price","staff"]},
                  {"id":"comment","type":"TEXT","text":"Anything else?","required":false}]}""");
        String token = invite(survey, UUID.randomUUID()).get("token").asString();

        ApiResponse invalid = answer(token, """
                {"ease":11,"channel":"fax","liked":["speed","speed"],"extra":1}""");

        assertThat(invalid.status()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        invalid.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields)
                .containsExactlyInAnyOrder("answers.ease", "answers.channel", "answers.liked", "answers.extra");
        assertThat(answer(token, "{\"ease\":7,\"channel\":\"app\",\"liked\":[\"price\",\"staff\"]}")
                        .status())
                .isEqualTo(201);
    }

    @Test
    void editingAnActiveSurveyCreatesANewVersionAndAnswersKeepTheirs() {
        String survey = activeSurvey("{\"name\":\"NPS v1\",\"kind\":\"NPS\"}");
        String oldToken = invite(survey, UUID.randomUUID()).get("token").asString();

        ApiResponse edited = configurer.send("PUT", "/api/surveys/" + survey, """
                {"name":"NPS v2","questions":[
                  {"id":"nps","type":"NPS","text":"Would you recommend us?"},
                  {"id":"why","type":"TEXT","text":"Why?"}]}""", "application/json");
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        assertThat(edited.json().get("version").asInt()).isEqualTo(2);

        // the old invitation answers version 1 (no "why" question there)
        assertThat(answer(oldToken, "{\"nps\":10}").status()).isEqualTo(201);
        JsonNode fresh = invite(survey, UUID.randomUUID());
        assertThat(fresh.get("surveyVersion").asInt()).isEqualTo(2);
        assertThat(answer(fresh.get("token").asString(), "{\"nps\":10}").status())
                .isEqualTo(400);
        assertThat(answer(fresh.get("token").asString(), "{\"nps\":10,\"why\":\"quick\"}")
                        .status())
                .isEqualTo(201);
        assertThat(jdbc.sql("select survey_version from survey_response where survey_id = cast(:s as uuid) order by 1")
                        .param("s", survey)
                        .query(Integer.class)
                        .list())
                .containsExactly(1, 2);

        assertThat(configurer
                        .post("/api/surveys/" + survey + "/close", null)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("CLOSED");
        assertThat(configurer
                        .send("PUT", "/api/surveys/" + survey, "{\"name\":\"x\"}", "application/json")
                        .status())
                .isEqualTo(409);
    }

    @Test
    void agentsRecordResponsesWithTheirToken() {
        String survey = activeSurvey("{\"name\":\"Phone NPS\",\"kind\":\"NPS\"}");
        UUID customer = UUID.randomUUID();
        String body = "{\"customerId\":\"%s\",\"channel\":\"PHONE\",\"answers\":{\"nps\":9}}".formatted(customer);

        assertThat(anonymous.post("/api/surveys/" + survey + "/responses", body).status())
                .isEqualTo(401);
        ApiResponse recorded = configurer.post("/api/surveys/" + survey + "/responses", body);

        assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
        assertThat(recorded.json().get("npsCategory").asString()).isEqualTo("promoter");
        assertThat(recorded.json().get("recordedBy").asString()).isEqualTo("test-client");
    }
}
