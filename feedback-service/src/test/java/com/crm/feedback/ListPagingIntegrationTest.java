package com.crm.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.test.ApiClient.ApiResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Surveys, a customer's invitations and invitation rules page with the platform's limit and cursor. */
class ListPagingIntegrationTest extends FeedbackIntegrationTest {

    @Test
    void surveysAndACustomersInvitationsArePagedNewestFirst() {
        List<String> surveys = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ApiResponse created =
                    configurer.post("/api/surveys", "{\"name\":\"Paged %d\",\"kind\":\"CSAT\"}".formatted(i));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            surveys.add(0, created.json().get("id").asString());
        }
        ApiResponse first = agent.get("/api/surveys?limit=2");
        assertThat(ids(first)).containsExactly(surveys.get(0), surveys.get(1));
        ApiResponse second = agent.get(
                "/api/surveys?limit=2&cursor=" + first.json().get("nextCursor").asString());
        assertThat(ids(second).getFirst()).isEqualTo(surveys.get(2));

        String survey = surveys.getFirst();
        assertThat(configurer.post("/api/surveys/" + survey + "/activate", null).status())
                .isEqualTo(200);
        UUID customer = UUID.randomUUID();
        List<String> invitations = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ApiResponse invited = agent.post(
                    "/api/surveys/" + survey + "/invitations",
                    "{\"customerId\":\"%s\",\"channel\":\"EMAIL\",\"validFor\":\"P7D\"}".formatted(customer));
            assertThat(invited.status()).as(invited.body()).isEqualTo(201);
            invitations.add(0, invited.json().get("id").asString());
        }
        ApiResponse page = agent.get("/api/invitations?customerId=" + customer + "&limit=2");
        assertThat(ids(page)).containsExactly(invitations.get(0), invitations.get(1));
        ApiResponse last = agent.get("/api/invitations?customerId=" + customer + "&limit=2&cursor="
                + page.json().get("nextCursor").asString());
        assertThat(ids(last)).containsExactly(invitations.get(2));
        assertThat(last.json().get("nextCursor").isNull()).isTrue();

        assertThat(agent.get("/api/invitation-rules?limit=501").status()).isEqualTo(400);
        assertThat(agent.get("/api/surveys?cursor=forged")
                        .json()
                        .at("/errors/0/code")
                        .asString())
                .isEqualTo("invalid-cursor");
    }

    private static List<String> ids(ApiResponse response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (JsonNode item : response.json().get("items")) {
            ids.add(item.get("id").asString());
        }
        return ids;
    }
}
