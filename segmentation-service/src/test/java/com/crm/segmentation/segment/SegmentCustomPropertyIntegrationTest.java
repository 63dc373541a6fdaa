package com.crm.segmentation.segment;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.Topics;
import com.crm.contracts.events.customer.CustomerErased;
import com.crm.contracts.events.customer.CustomerRegistered;
import com.crm.contracts.events.customer.CustomerSnapshot;
import com.crm.contracts.events.customer.CustomerUpdated;
import com.crm.contracts.events.segmentation.SegmentMembershipChanged;
import com.crm.segmentation.TestEvents;
import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmInfrastructure;
import com.crm.test.CrmServiceTest;
import com.crm.test.EventCapture;
import com.crm.test.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Issue #18: a custom property customer-service publishes in its snapshots (an enum, a number, a multi-enum, a date)
 * defines a segment, and a change of the property moves the customer in or out.
 */
@CrmServiceTest
class SegmentCustomPropertyIntegrationTest {

    private static final String SOURCE = "/crm/customer-service";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private static CustomerSnapshot snapshot(UUID id, String region, long version, Map<String, Object> properties) {
        Instant now = Instant.now();
        return new CustomerSnapshot(
                id,
                "PERSON",
                null,
                null,
                "retail",
                region,
                List.of(),
                null,
                Map.of(),
                now,
                now,
                version,
                null,
                null,
                properties);
    }

    private static Map<String, Object> props(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private String stored(UUID id, String name) {
        return jdbc.sql("select properties ->> :name from customer_profile where customer_id = :id")
                .param("name", name)
                .param("id", id)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    private long known(UUID id) {
        return jdbc.sql("select count(*) from segment_subject where customer_id = :id")
                .param("id", id)
                .query(Long.class)
                .single();
    }

    private static Set<String> ids(JsonNode items, String field) {
        Set<String> ids = new HashSet<>();
        items.forEach(i -> ids.add(i.get(field).asString()));
        return ids;
    }

    private Set<String> preview(ApiClient api, String region, String comparison) {
        ApiResponse r = api.post("/api/segmentation/segments/preview", """
                {"condition":{"all":[{"field":"region","op":"eq","value":"%s"},%s]}}""".formatted(region, comparison));
        assertThat(r.status()).as(comparison + " " + r.body()).isEqualTo(200);
        assertThat(r.json().get("count").asLong())
                .as(comparison)
                .isEqualTo(r.json().get("sample").size());
        Set<String> ids = new HashSet<>();
        r.json().get("sample").forEach(s -> ids.add(s.asString()));
        return ids;
    }

    @Test
    void customPropertiesDefineSegmentsAndAChangeMovesTheCustomer() {
        ApiClient api =
                ApiClient.of("http://localhost:" + port).withToken(TestTokens.withScopes("crm.read", "crm.write"));
        ApiClient designer = ApiClient.of("http://localhost:" + port)
                .withToken(TestTokens.forUser("maria", "manager", "north", "crm.read", "crm.write", "crm.config"));
        SegmentTestData data = new SegmentTestData(jdbc);
        String region = "PROP-" + UUID.randomUUID();
        UUID goldNine = UUID.randomUUID();
        UUID basicHundred = UUID.randomUUID();
        UUID goldTen = UUID.randomUUID();
        UUID none = UUID.randomUUID();
        UUID seatsAsText = UUID.randomUUID();
        Map<UUID, Map<String, Object>> customers = new LinkedHashMap<>();
        customers.put(
                goldNine,
                props("plan", "gold", "seats", 9, "interests", List.of("golf", "wine"), "renewal", "2025-03-01"));
        customers.put(
                basicHundred,
                props("plan", "basic", "seats", 100, "interests", List.of("wine"), "renewal", "2026-01-15"));
        customers.put(goldTen, props("plan", "gold", "seats", 10, "interests", List.of(), "vip", true));
        customers.put(none, null);
        // a value of another type than the comparison needs is false, never an error
        customers.put(seatsAsText, props("plan", "golf", "seats", "50", "interests", "golf"));
        customers.forEach(
                (id, p) -> TestEvents.publish(SOURCE, new CustomerRegistered(id, snapshot(id, region, 1, p))));
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> customers.keySet().stream().allMatch(id -> known(id) == 1)
                        && "9".equals(stored(goldNine, "seats"))
                        && "50".equals(stored(seatsAsText, "seats")));
        assertThat(jdbc.sql("select properties::text from customer_profile where customer_id = :id")
                        .param("id", none)
                        .query(String.class)
                        .single())
                .as("a snapshot without properties: none")
                .isEqualTo("{}");

        String g9 = goldNine.toString();
        String b100 = basicHundred.toString();
        String g10 = goldTen.toString();
        String text = seatsAsText.toString();
        assertThat(preview(api, region, "{\"field\":\"properties.plan\",\"op\":\"eq\",\"value\":\"gold\"}"))
                .containsExactlyInAnyOrder(g9, g10);
        assertThat(preview(api, region, "{\"field\":\"properties.plan\",\"op\":\"ne\",\"value\":\"gold\"}"))
                .containsExactlyInAnyOrder(b100, text);
        assertThat(preview(api, region, "{\"field\":\"properties.plan\",\"op\":\"in\",\"value\":[\"basic\",\"golf\"]}"))
                .containsExactlyInAnyOrder(b100, text);
        // numeric, not text order: 9 < 10 < 100
        assertThat(preview(api, region, "{\"field\":\"properties.seats\",\"op\":\"gte\",\"value\":10}"))
                .containsExactlyInAnyOrder(b100, g10);
        assertThat(preview(api, region, "{\"field\":\"properties.seats\",\"op\":\"lt\",\"value\":10}"))
                .containsExactlyInAnyOrder(g9);
        assertThat(preview(api, region, "{\"field\":\"properties.seats\",\"op\":\"eq\",\"value\":100}"))
                .containsExactlyInAnyOrder(b100);
        assertThat(preview(api, region, "{\"field\":\"properties.seats\",\"op\":\"exists\"}"))
                .containsExactlyInAnyOrder(g9, b100, g10, text);
        assertThat(preview(api, region, "{\"field\":\"properties.interests\",\"op\":\"contains\",\"value\":\"golf\"}"))
                .as("only an array holds: the plain string \"golf\" does not")
                .containsExactlyInAnyOrder(g9);
        assertThat(preview(api, region, "{\"field\":\"properties.interests\",\"op\":\"contains\",\"value\":\"wine\"}"))
                .containsExactlyInAnyOrder(g9, b100);
        assertThat(preview(api, region, "{\"field\":\"properties.renewal\",\"op\":\"lt\",\"value\":\"2025-12-31\"}"))
                .containsExactlyInAnyOrder(g9);
        assertThat(preview(api, region, "{\"field\":\"properties.vip\",\"op\":\"eq\",\"value\":true}"))
                .containsExactlyInAnyOrder(g10);
        assertThat(preview(api, region, "{\"not\":{\"field\":\"properties.plan\",\"op\":\"exists\"}}"))
                .containsExactlyInAnyOrder(none.toString());

        ApiResponse created = designer.post("/api/segmentation/segments", """
                {"name":"gold %s","condition":{"all":[{"field":"region","op":"eq","value":"%s"},
                  {"field":"properties.plan","op":"eq","value":"gold"}]}}""".formatted(region, region));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String segmentId = created.json().get("id").asString();
        assertThat(created.json().get("members").asLong()).isEqualTo(2);
        JsonNode members = api.get("/api/segmentation/segments/" + segmentId + "/members")
                .json()
                .get("items");
        assertThat(ids(members, "customerId")).containsExactlyInAnyOrder(g9, g10);

        // the plan changes: the customer leaves, announced
        try (EventCapture events = new EventCapture(CrmInfrastructure.get().kafkaBootstrap(), Topics.SEGMENTATION)) {
            long mark = data.outboxMark();
            TestEvents.publish(
                    SOURCE,
                    new CustomerUpdated(
                            goldNine,
                            List.of("properties"),
                            snapshot(goldNine, region, 2, props("plan", "basic", "seats", 9))));
            SegmentMembershipChanged left = events.awaitMatching(r -> r.event()
                                    .getType()
                                    .equals("crm.segment.membership-changed")
                            && r.key().equals(g9)
                            && r.data(SegmentMembershipChanged.class).change().equals("LEFT"))
                    .data(SegmentMembershipChanged.class);
            assertThat(left.segmentId()).hasToString(segmentId);
            assertThat(data.changesSince(mark, segmentId)).containsExactly("LEFT " + g9);
        }
        assertThat(stored(goldNine, "interests"))
                .as("the snapshot is the whole profile")
                .isNull();
        members = api.get("/api/segmentation/segments/" + segmentId + "/members")
                .json()
                .get("items");
        assertThat(ids(members, "customerId")).containsExactly(g10);

        // erasure forgets the properties with the rest of the profile
        TestEvents.publish(SOURCE, new CustomerErased(goldTen, Instant.now(), null));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> stored(goldTen, "plan") == null);
        assertThat(jdbc.sql("select properties::text from customer_profile where customer_id = :id")
                        .param("id", goldTen)
                        .query(String.class)
                        .single())
                .isEqualTo("{}");
    }

    @Test
    void aBadPropertyNameOrValueIsRefusedNamingItsPath() {
        ApiClient api =
                ApiClient.of("http://localhost:" + port).withToken(TestTokens.withScopes("crm.read", "crm.write"));
        for (String field : List.of("properties.Plan", "properties.", "properties.plan-x", "properties.a;drop")) {
            ApiResponse r = api.post("/api/segmentation/segments/preview", """
                    {"condition":{"field":"%s","op":"eq","value":"gold"}}""".formatted(field));
            assertThat(r.status()).as(field + " " + r.body()).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(ids(r.json().get("errors"), "field")).as(field).containsExactly("condition.field");
        }
        ApiResponse r = api.post("/api/segmentation/segments/preview", """
                {"condition":{"any":[{"field":"properties.seats","op":"gt","value":true},
                                     {"field":"properties.interests","op":"contains","value":7},
                                     {"field":"properties.plan","op":"in","value":[{"a":1}]},
                                     {"field":"properties.plan","op":"like","value":"g%"}]}}""");
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(ids(r.json().get("errors"), "field"))
                .containsExactlyInAnyOrder(
                        "condition.any[0].value",
                        "condition.any[1].value",
                        "condition.any[2].value[0]",
                        "condition.any[3].op");
    }
}
