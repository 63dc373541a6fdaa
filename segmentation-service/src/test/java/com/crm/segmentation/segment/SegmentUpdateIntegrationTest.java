package com.crm.segmentation.segment;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.Topics;
import com.crm.contracts.events.segmentation.SegmentMembershipChanged;
import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmInfrastructure;
import com.crm.test.CrmServiceTest;
import com.crm.test.EventCapture;
import com.crm.test.TestTokens;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A segment's definition changes as a new version and its members follow at once, announcing exactly who joined
 * and left; archiving empties it and keeps it readable; a customer's segments list where they are.
 */
@CrmServiceTest
class SegmentUpdateIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private ApiClient designer() {
        return ApiClient.of("http://localhost:" + port)
                .withToken(TestTokens.forUser("maria", "manager", "north", "crm.read", "crm.write", "crm.config"));
    }

    private ApiClient reader() {
        return ApiClient.of("http://localhost:" + port).withToken(TestTokens.withScopes("crm.read", "crm.write"));
    }

    private static List<String> names(JsonNode items) {
        List<String> names = new ArrayList<>();
        items.forEach(i -> names.add(i.get("name").asString()));
        return names;
    }

    @Test
    void anUpdateIsANewVersionAndMovesExactlyTheCustomersWhoseMembershipChanged() {
        SegmentTestData data = new SegmentTestData(jdbc);
        String region = "UPD-" + UUID.randomUUID();
        UUID vipBuyer = UUID.randomUUID();
        UUID buyer = UUID.randomUUID();
        UUID vipProspect = UUID.randomUUID();
        data.register(vipBuyer, region, List.of("vip"), "maria", "north");
        data.register(buyer, region, List.of(), "maria", "north");
        data.register(vipProspect, region, List.of("vip"), "maria", "north");
        data.purchase(vipBuyer, 3);
        data.purchase(buyer, 4);
        data.awaitKnown(Map.of(vipBuyer, 1, buyer, 1, vipProspect, 0));

        ApiResponse created = designer().post("/api/segmentation/segments", """
                {"name":"vip %s","condition":{"all":[{"field":"region","op":"eq","value":"%s"},
                  {"field":"tags","op":"contains","value":"vip"}]}}""".formatted(region, region));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(created.json().get("version").asInt()).isEqualTo(1);
        assertThat(created.json().get("kind").asString()).isEqualTo("DYNAMIC");
        assertThat(created.json().get("members").asLong()).isEqualTo(2);
        assertThat(created.header("ETag")).isEqualTo("\"1\"");

        String v2 = """
                {"name":"buyers %s","description":"bought at least once",
                 "condition":{"all":[{"field":"region","op":"eq","value":"%s"},
                  {"field":"purchaseDays","op":"gte","value":1}]}}""".formatted(region, region);
        try (EventCapture events = new EventCapture(CrmInfrastructure.get().kafkaBootstrap(), Topics.SEGMENTATION)) {
            long mark = data.outboxMark();
            ApiResponse updated =
                    put(designer().withHeader("If-Match", "\"1\""), "/api/segmentation/segments/" + id, v2);
            assertThat(updated.status()).as(updated.body()).isEqualTo(200);
            assertThat(updated.json().get("version").asInt()).isEqualTo(2);
            assertThat(updated.json().get("name").asString()).isEqualTo("buyers " + region);
            assertThat(updated.json().get("members").asLong()).isEqualTo(2);
            assertThat(updated.header("ETag")).isEqualTo("\"2\"");
            // written in the transaction of the update: exactly the joiner and the leaver
            assertThat(data.changesSince(mark, id)).containsExactlyInAnyOrder("JOINED " + buyer, "LEFT " + vipProspect);
            SegmentMembershipChanged left = events.awaitMatching(r -> r.event()
                                    .getType()
                                    .equals("crm.segment.membership-changed")
                            && r.key().equals(vipProspect.toString())
                            && r.data(SegmentMembershipChanged.class).change().equals("LEFT"))
                    .data(SegmentMembershipChanged.class);
            assertThat(left.segmentId()).hasToString(id);
            assertThat(left.segmentName()).isEqualTo("buyers " + region);
        }

        // a stale If-Match is refused and changes nothing
        ApiResponse stale = put(designer().withHeader("If-Match", "\"1\""), "/api/segmentation/segments/" + id, v2);
        assertThat(stale.status()).as(stale.body()).isEqualTo(412);
        assertThat(stale.contentType()).startsWith("application/problem+json");

        ApiResponse versions = reader().get("/api/segmentation/segments/" + id + "/versions");
        assertThat(versions.status()).as(versions.body()).isEqualTo(200);
        JsonNode items = versions.json().get("items");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).get("version").asInt()).isEqualTo(2);
        assertThat(items.get(0).get("definedBy").asString()).isEqualTo("maria");
        assertThat(items.get(0).get("definedAt").isNull()).isFalse();
        assertThat(items.get(1).get("name").asString()).isEqualTo("vip " + region);
        assertThat(items.get(1).get("condition").toString()).contains("vip");
        ApiResponse firstPage = reader().get("/api/segmentation/segments/" + id + "/versions?limit=1");
        String cursor = firstPage.json().get("nextCursor").asString();
        assertThat(reader().get("/api/segmentation/segments/" + id + "/versions?limit=1&cursor=" + cursor)
                        .json()
                        .get("items")
                        .get(0)
                        .get("version")
                        .asInt())
                .isEqualTo(1);

        ApiResponse mine = reader().get("/api/customers/" + buyer + "/segments");
        assertThat(mine.status()).as(mine.body()).isEqualTo(200);
        JsonNode segment = mine.json().get("items").get(0);
        assertThat(segment.get("segmentId").asString()).isEqualTo(id);
        assertThat(segment.get("kind").asString()).isEqualTo("DYNAMIC");
        assertThat(segment.get("since").isNull()).isFalse();
        assertThat(reader().get("/api/customers/" + vipProspect + "/segments")
                        .json()
                        .get("items"))
                .isEmpty();

        // archive: members leave (announced), the segment stays readable, is listed only on request, cannot change
        long mark = data.outboxMark();
        assertThat(designer().delete("/api/segmentation/segments/" + id).status())
                .isEqualTo(204);
        assertThat(data.changesSince(mark, id)).containsExactlyInAnyOrder("LEFT " + vipBuyer, "LEFT " + buyer);
        ApiResponse archived = reader().get("/api/segmentation/segments/" + id);
        assertThat(archived.status()).isEqualTo(200);
        assertThat(archived.json().get("archived").asBoolean()).isTrue();
        assertThat(archived.json().get("members").asLong()).isZero();
        assertThat(names(reader().get("/api/segmentation/segments").json().get("items")))
                .doesNotContain("buyers " + region);
        assertThat(names(reader().get("/api/segmentation/segments?archived=true")
                        .json()
                        .get("items")))
                .contains("buyers " + region);
        assertThat(reader().get("/api/customers/" + buyer + "/segments").json().get("items"))
                .isEmpty();
        ApiResponse changeArchived = put(designer(), "/api/segmentation/segments/" + id, v2);
        assertThat(changeArchived.status()).as(changeArchived.body()).isEqualTo(409);
        assertThat(changeArchived.contentType()).startsWith("application/problem+json");
        mark = data.outboxMark();
        assertThat(designer().delete("/api/segmentation/segments/" + id).status())
                .as("archiving twice is once")
                .isEqualTo(204);
        assertThat(data.changesSince(mark, id)).isEmpty();
        // the name is free again
        assertThat(designer().post("/api/segmentation/segments", v2).status()).isEqualTo(201);
    }

    @Test
    void badChangesAreProblemsNamingTheField() {
        UUID unknown = UUID.randomUUID();
        String body = """
                {"name":"x","condition":{"field":"tier","op":"eq","value":"S"}}""";
        assertThat(put(designer(), "/api/segmentation/segments/" + unknown, body)
                        .status())
                .isEqualTo(404);
        assertThat(designer().delete("/api/segmentation/segments/" + unknown).status())
                .isEqualTo(404);
        assertThat(put(reader(), "/api/segmentation/segments/" + unknown, body).status())
                .as("changing a definition is configuration")
                .isEqualTo(403);

        String name = "bad-" + UUID.randomUUID();
        ApiResponse created = designer().post("/api/segmentation/segments", """
                {"name":"%s","condition":{"field":"tier","op":"eq","value":"S"}}""".formatted(name));
        String id = created.json().get("id").asString();

        ApiResponse blank = put(designer(), "/api/segmentation/segments/" + id, """
                {"name":" ","condition":{"field":"shoeSize","op":"eq","value":1}}""");
        assertThat(blank.status()).as(blank.body()).isEqualTo(400);
        assertThat(blank.contentType()).startsWith("application/problem+json");
        assertThat(fields(blank)).contains("name");

        ApiResponse badCondition = put(designer(), "/api/segmentation/segments/" + id, """
                {"name":"%s","condition":{"field":"shoeSize","op":"eq","value":1}}""".formatted(name));
        assertThat(badCondition.status()).as(badCondition.body()).isEqualTo(400);
        assertThat(fields(badCondition)).containsExactly("condition.field");

        ApiResponse kind = put(designer(), "/api/segmentation/segments/" + id, """
                {"name":"%s","kind":"STATIC"}""".formatted(name));
        assertThat(kind.status()).as(kind.body()).isEqualTo(422);
        assertThat(fields(kind)).containsExactly("kind");

        ApiResponse badKind = put(designer(), "/api/segmentation/segments/" + id, """
                {"name":"%s","kind":"SOMETIMES"}""".formatted(name));
        assertThat(badKind.status()).as(badKind.body()).isEqualTo(400);
        assertThat(badKind.contentType()).startsWith("application/problem+json");

        ApiResponse versions = reader().get("/api/segmentation/segments/" + id + "/versions?cursor=nope");
        assertThat(versions.status()).isEqualTo(400);
        assertThat(fields(versions)).containsExactly("cursor");
        assertThat(reader().get("/api/segmentation/segments/" + id)
                        .json()
                        .get("version")
                        .asInt())
                .isEqualTo(1);
    }

    static ApiResponse put(ApiClient api, String path, String body) {
        return api.send("PUT", path, body, "application/json");
    }

    static Set<String> fields(ApiResponse problem) {
        Set<String> fields = new HashSet<>();
        problem.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        return fields;
    }
}
