package com.crm.segmentation.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.events.customer.CustomerRegistered;
import com.crm.contracts.events.customer.CustomerSnapshot;
import com.crm.contracts.events.customer.CustomerUpdated;
import com.crm.segmentation.TestEvents;
import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmServiceTest;
import com.crm.test.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Record-level access from the ownership projected off {@code crm.customer.v1}: a north customer owned by alice and
 * a south one owned by bob. Alice (agent, north) sees hers and gets 404 for bob's; maria (manager, north) sees
 * north's, not south's; an integrated system sees both. Lists and CSV filter in SQL; a later snapshot moves the
 * customer (latest wins).
 */
@CrmServiceTest
class RecordAccessIntegrationTest {

    private static final String SOURCE = "/crm/customer-service";

    @LocalServerPort
    int port;

    private ApiClient as(String token) {
        return ApiClient.of("http://localhost:" + port).withToken(token);
    }

    private ApiClient client() {
        return as(TestTokens.forClient("erp", "crm.read", "crm.write"));
    }

    private ApiClient alice() {
        return as(TestTokens.forUser("alice", "agent", "north", "crm.read", "crm.write"));
    }

    private ApiClient maria() {
        return as(TestTokens.forUser("maria", "manager", "north", "crm.read", "crm.write"));
    }

    private static CustomerSnapshot snapshot(UUID id, String region, String owner, String team, long version) {
        Instant now = Instant.now();
        return new CustomerSnapshot(
                id,
                "PERSON",
                null,
                null,
                "retail",
                region,
                List.of("access"),
                owner,
                Map.of(),
                now,
                now,
                version,
                null,
                team);
    }

    private static List<String> ids(JsonNode page, String field) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(i -> ids.add(i.get(field).asString()));
        return ids;
    }

    @Test
    void peopleSeeOnlyTheCustomersWithinTheirVisibility() {
        String region = "ACC-" + UUID.randomUUID().toString().substring(0, 8);
        UUID north = UUID.randomUUID();
        UUID south = UUID.randomUUID();
        TestEvents.publish(SOURCE, new CustomerRegistered(north, snapshot(north, region, "alice", "north", 1)));
        TestEvents.publish(SOURCE, new CustomerRegistered(south, snapshot(south, region, "bob", "south", 1)));
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> client().get("/api/segmentation/customers/" + north)
                                        .status()
                                == 200
                        && client().get("/api/segmentation/customers/" + south).status() == 200
                        && client().get("/api/prospects/" + south).status() == 200
                        && client().get("/api/prospects/" + north).status() == 200);

        // per-customer: value, offers, prospect — 404 outside, with the body of an unknown customer
        for (String path : List.of("/api/segmentation/customers/%s", "/api/customers/%s/offers", "/api/prospects/%s")) {
            assertThat(alice().get(path.formatted(north)).status()).as(path).isEqualTo(200);
            assertThat(maria().get(path.formatted(north)).status()).as(path).isEqualTo(200);
            assertThat(client().get(path.formatted(south)).status()).as(path).isEqualTo(200);
            ApiResponse hidden = alice().get(path.formatted(south));
            assertThat(hidden.status()).as(path).isEqualTo(404);
            assertThat(maria().get(path.formatted(south)).status()).as(path).isEqualTo(404);
            UUID unknown = UUID.randomUUID();
            ApiResponse missing = alice().get(path.formatted(unknown));
            assertThat(missing.status()).as(path).isEqualTo(404);
            assertThat(hidden.json().get("title")).isEqualTo(missing.json().get("title"));
            assertThat(hidden.json().get("detail").asString().replace(south.toString(), "ID"))
                    .isEqualTo(missing.json().get("detail").asString().replace(unknown.toString(), "ID"));
        }

        // declines of a hidden customer: not listed, not found, not withdrawn: the customer is a 404
        ApiResponse declined =
                client().post("/api/customers/" + south + "/offers/declines", "{\"productCode\":\"SKU-ACC\"}");
        assertThat(declined.status()).as(declined.body()).isEqualTo(201);
        String declineId = declined.json().get("id").asString();
        assertThat(alice().get("/api/customers/" + south + "/offers/declines").status())
                .isEqualTo(404);
        assertThat(alice().get("/api/customers/" + north + "/offers/declines").status())
                .isEqualTo(200);
        assertThat(alice().get("/api/customers/" + south + "/offers/declines/" + declineId)
                        .status())
                .isEqualTo(404);
        assertThat(alice().post("/api/customers/" + south + "/offers/declines", "{\"productCode\":\"X\"}")
                        .status())
                .isEqualTo(404);
        assertThat(alice().delete("/api/customers/" + south + "/offers/declines/" + declineId)
                        .status())
                .isEqualTo(404);
        assertThat(client().get("/api/customers/" + south + "/offers/declines/" + declineId)
                        .status())
                .isEqualTo(200);

        // prospect lists filter in SQL
        assertThat(ids(alice().get("/api/prospects?ownerId=alice&limit=500").json(), "customerId"))
                .contains(north.toString());
        assertThat(ids(alice().get("/api/prospects?ownerId=bob&limit=500").json(), "customerId"))
                .isEmpty();
        assertThat(ids(alice().get("/api/prospects?limit=500").json(), "customerId"))
                .contains(north.toString())
                .doesNotContain(south.toString());
        assertThat(ids(maria().get("/api/prospects?ownerId=bob&limit=500").json(), "customerId"))
                .isEmpty();
        assertThat(ids(client().get("/api/prospects?ownerId=bob&limit=500").json(), "customerId"))
                .contains(south.toString());

        // segment members, their CSV and the preview's sample
        String condition = "{\"field\":\"region\",\"op\":\"eq\",\"value\":\"%s\"}".formatted(region);
        // defining a segment is configuration: it needs crm.config (or admin)
        ApiResponse created = as(TestTokens.forClient("erp", "crm.read", "crm.write", "crm.config"))
                .post("/api/segmentation/segments", """
                {"name":"access %s","condition":%s}""".formatted(region, condition));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String segment =
                "/api/segmentation/segments/" + created.json().get("id").asString();
        assertThat(ids(client().get(segment + "/members").json(), "customerId"))
                .containsExactlyInAnyOrder(north.toString(), south.toString());
        assertThat(ids(alice().get(segment + "/members").json(), "customerId")).containsExactly(north.toString());
        assertThat(ids(maria().get(segment + "/members").json(), "customerId")).containsExactly(north.toString());
        // keyset paging over the visible rows only
        JsonNode first = client().get(segment + "/members?limit=1").json();
        assertThat(first.get("nextCursor").isNull()).isFalse();
        JsonNode alicePage = alice().get(segment + "/members?limit=1").json();
        assertThat(ids(alicePage, "customerId")).containsExactly(north.toString());
        assertThat(alicePage.get("nextCursor").isNull()).isTrue();
        String csv = alice().get(segment + "/members.csv").body();
        assertThat(csv).contains(north.toString()).doesNotContain(south.toString());
        assertThat(client().get(segment + "/members.csv").body()).contains(north.toString(), south.toString());
        ApiResponse preview = alice().post("/api/segmentation/segments/preview", "{\"condition\":" + condition + "}");
        // counts count only what the caller sees
        assertThat(preview.json().get("count").asLong()).isEqualTo(1);
        assertThat(client().post("/api/segmentation/segments/preview", "{\"condition\":" + condition + "}")
                        .json()
                        .get("count")
                        .asLong())
                .isEqualTo(2);
        assertThat(alice().get(segment).json().get("members").asLong()).isEqualTo(1);
        assertThat(client().get(segment).json().get("members").asLong()).isEqualTo(2);
        assertThat(preview.json().get("sample").toString())
                .contains(north.toString())
                .doesNotContain(south.toString());

        // a later snapshot moves bob's customer to alice (latest wins)
        TestEvents.publish(
                SOURCE,
                new CustomerUpdated(south, List.of("ownerId", "teamId"), snapshot(south, region, "alice", "north", 2)));
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> alice().get("/api/segmentation/customers/" + south).status() == 200);
        assertThat(ids(alice().get(segment + "/members").json(), "customerId"))
                .containsExactlyInAnyOrder(north.toString(), south.toString());
    }
}
