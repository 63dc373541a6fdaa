package com.crm.feedback.customer;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.events.customer.CustomerRegistered;
import com.crm.contracts.events.customer.CustomerSnapshot;
import com.crm.contracts.events.customer.CustomerUpdated;
import com.crm.feedback.FeedbackIntegrationTest;
import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.TestEvents;
import com.crm.test.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Record-level access from the ownership projected off {@code crm.customer.v1}: a north customer owned by alice and
 * a south one owned by bob. Alice (agent, north) sees hers and gets 404 for bob's responses, complaints and
 * invitations; lists leave bob's out; maria (manager, north) sees north's, not south's; an integrated system sees
 * both; a later snapshot moves the customer (highest version wins).
 */
class RecordAccessIntegrationTest extends FeedbackIntegrationTest {

    private static final String SOURCE = "/crm/customer-service";

    private ApiClient alice() {
        return anonymous.withToken(TestTokens.forUser("alice", "agent", "north", "crm.read", "crm.write"));
    }

    private ApiClient maria() {
        return anonymous.withToken(TestTokens.forUser("maria", "manager", "north", "crm.read", "crm.write"));
    }

    private static CustomerSnapshot snapshot(UUID id, String owner, String team, long version) {
        Instant now = Instant.now();
        return new CustomerSnapshot(
                id, "PERSON", null, null, "retail", "CN-11", List.of(), owner, Map.of(), now, now, version, null, team);
    }

    private void awaitOwner(UUID customer, String owner) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> owner.equals(jdbc.sql("select owner_id from customer_ownership where customer_id = :c")
                        .param("c", customer)
                        .query(String.class)
                        .optional()
                        .orElse(null)));
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(i -> ids.add(i.get("id").asString()));
        return ids;
    }

    private static void assertHiddenLikeUnknown(
            ApiResponse hidden, UUID hiddenId, ApiResponse unknown, UUID unknownId) {
        assertThat(hidden.status()).as(hidden.body()).isEqualTo(404);
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(404);
        assertThat(hidden.json().get("title")).isEqualTo(unknown.json().get("title"));
        assertThat(hidden.json().get("detail").asString().replace(hiddenId.toString(), "ID"))
                .isEqualTo(unknown.json().get("detail").asString().replace(unknownId.toString(), "ID"));
    }

    @Test
    void peopleSeeOnlyTheFeedbackOfCustomersWithinTheirVisibility() {
        UUID north = UUID.randomUUID();
        UUID south = UUID.randomUUID();
        TestEvents.publish(SOURCE, new CustomerRegistered(north, snapshot(north, "alice", "north", 1)));
        TestEvents.publish(SOURCE, new CustomerRegistered(south, snapshot(south, "bob", "south", 1)));
        awaitOwner(north, "alice");
        awaitOwner(south, "bob");

        ApiResponse created = admin.post("/api/surveys", """
                {"name":"Access","kind":"CSAT","questions":[{"id":"csat","type":"CSAT","text":"Satisfied?"}]}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String survey = created.json().get("id").asString();
        assertThat(admin.post("/api/surveys/" + survey + "/activate", null).status())
                .isEqualTo(200);

        Map<UUID, String> responses = new HashMap<>();
        Map<UUID, String> complaints = new HashMap<>();
        Map<UUID, String> invitations = new HashMap<>();
        for (UUID customer : List.of(north, south)) {
            ApiResponse r = agent.post(
                    "/api/surveys/" + survey + "/responses",
                    "{\"customerId\":\"%s\",\"answers\":{\"csat\":4}}".formatted(customer));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            responses.put(customer, r.json().get("id").asString());
            ApiResponse c = agent.post("/api/complaints", """
                    {"customerId":"%s","category":"delivery","severity":"LOW","description":"late"}""".formatted(customer));
            assertThat(c.status()).as(c.body()).isEqualTo(201);
            complaints.put(customer, c.json().get("id").asString());
            ApiResponse i = agent.post(
                    "/api/surveys/" + survey + "/invitations",
                    "{\"customerId\":\"%s\",\"channel\":\"EMAIL\"}".formatted(customer));
            assertThat(i.status()).as(i.body()).isEqualTo(201);
            invitations.put(customer, i.json().get("id").asString());
        }

        UUID unknown = UUID.randomUUID();
        for (ApiClient person : List.of(alice(), maria())) {
            // per-record: 404 outside, with the body of an unknown id
            assertThat(person.get("/api/survey-responses/" + responses.get(north))
                            .status())
                    .isEqualTo(200);
            assertHiddenLikeUnknown(
                    person.get("/api/survey-responses/" + responses.get(south)),
                    UUID.fromString(responses.get(south)),
                    person.get("/api/survey-responses/" + unknown),
                    unknown);
            assertThat(person.get("/api/complaints/" + complaints.get(north)).status())
                    .isEqualTo(200);
            assertHiddenLikeUnknown(
                    person.get("/api/complaints/" + complaints.get(south)),
                    UUID.fromString(complaints.get(south)),
                    person.get("/api/complaints/" + unknown),
                    unknown);
            assertHiddenLikeUnknown(
                    person.post("/api/complaints/" + complaints.get(south) + "/acknowledge", null),
                    UUID.fromString(complaints.get(south)),
                    person.post("/api/complaints/" + unknown + "/acknowledge", null),
                    unknown);
            assertThat(person.get("/api/invitations/" + invitations.get(north)).status())
                    .isEqualTo(200);
            assertHiddenLikeUnknown(
                    person.get("/api/invitations/" + invitations.get(south)),
                    UUID.fromString(invitations.get(south)),
                    person.get("/api/invitations/" + unknown),
                    unknown);

            // lists leave the hidden customer out
            assertThat(ids(person.get("/api/complaints?customerId=" + north).json()))
                    .containsExactly(complaints.get(north));
            assertThat(ids(person.get("/api/complaints?customerId=" + south).json()))
                    .isEmpty();
            assertThat(ids(person.get("/api/complaints?limit=500").json())).doesNotContain(complaints.get(south));
            assertThat(ids(person.get("/api/invitations?customerId=" + north).json()))
                    .containsExactly(invitations.get(north));
            assertThat(ids(person.get("/api/invitations?customerId=" + south).json()))
                    .isEmpty();
        }
        assertThat(ids(alice().get("/api/complaints?limit=500").json())).contains(complaints.get(north));

        // nothing is recorded for a hidden customer; one not projected yet is accepted as for every caller
        ApiResponse hiddenComplaint = alice().post("/api/complaints", """
                {"customerId":"%s","category":"delivery","severity":"LOW","description":"late"}""".formatted(south));
        assertThat(hiddenComplaint.status()).as(hiddenComplaint.body()).isEqualTo(422);
        assertThat(hiddenComplaint.body()).contains("customerId");
        assertThat(alice().post(
                                "/api/surveys/" + survey + "/responses",
                                "{\"customerId\":\"%s\",\"answers\":{\"csat\":1}}".formatted(south))
                        .status())
                .isEqualTo(404);
        assertThat(alice().post(
                                "/api/surveys/" + survey + "/invitations",
                                "{\"customerId\":\"%s\",\"channel\":\"EMAIL\"}".formatted(south))
                        .status())
                .isEqualTo(404);
        assertThat(ids(agent.get("/api/complaints?customerId=" + south).json())).hasSize(1);
        ApiResponse fresh = alice().post("/api/complaints", """
                {"customerId":"%s","category":"delivery","severity":"LOW","description":"new"}""".formatted(UUID.randomUUID()));
        assertThat(fresh.status()).as(fresh.body()).isEqualTo(201);

        // analytics count only what the caller sees
        assertThat(opened(alice()))
                .isEqualTo(ids(alice().get("/api/complaints?limit=500").json()).size());
        assertThat(opened(agent)).isGreaterThan(opened(alice()));

        // the south complaint was not acknowledged by the refused calls
        assertThat(agent.get("/api/complaints/" + complaints.get(south))
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("OPEN");
        // an integrated system sees both
        for (UUID customer : List.of(north, south)) {
            assertThat(agent.get("/api/survey-responses/" + responses.get(customer))
                            .status())
                    .isEqualTo(200);
            assertThat(agent.get("/api/complaints/" + complaints.get(customer)).status())
                    .isEqualTo(200);
            assertThat(agent.get("/api/invitations/" + invitations.get(customer))
                            .status())
                    .isEqualTo(200);
            assertThat(ids(agent.get("/api/complaints?customerId=" + customer).json()))
                    .containsExactly(complaints.get(customer));
        }

        // keyset paging stays right over the visible rows: a second north complaint, pages of one
        ApiResponse second = agent.post("/api/complaints", """
                {"customerId":"%s","category":"billing","severity":"LOW","description":"twice"}""".formatted(north));
        JsonNode first =
                alice().get("/api/complaints?customerId=" + north + "&limit=1").json();
        assertThat(ids(first)).containsExactly(second.json().get("id").asString());
        JsonNode next = alice().get("/api/complaints?customerId=" + north + "&limit=1&cursor="
                        + first.get("nextCursor").asString())
                .json();
        assertThat(ids(next)).containsExactly(complaints.get(north));

        // an older snapshot does not win; a newer one moves bob's customer to alice
        TestEvents.publish(
                SOURCE, new CustomerUpdated(south, List.of("ownerId", "teamId"), snapshot(south, "alice", "north", 3)));
        awaitOwner(south, "alice");
        UUID older = TestEvents.publish(
                        SOURCE,
                        new CustomerUpdated(south, List.of("ownerId", "teamId"), snapshot(south, "bob", "south", 2)))
                .id();
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> jdbc.sql("select count(*) from crm_processed_event where consumer = :c and event_id = :e")
                                .param("c", CustomerEventsConsumer.CONSUMER)
                                .param("e", older.toString())
                                .query(Long.class)
                                .single()
                        == 1);
        assertThat(alice().get("/api/complaints/" + complaints.get(south)).status())
                .isEqualTo(200);
    }

    private static long opened(ApiClient caller) {
        long opened = 0;
        for (JsonNode group :
                caller.get("/api/analytics/complaints?groupBy=category").json().get("items")) {
            opened += group.get("opened").asLong();
        }
        return opened;
    }
}
