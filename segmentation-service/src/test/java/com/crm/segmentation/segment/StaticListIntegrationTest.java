package com.crm.segmentation.segment;

import static com.crm.segmentation.segment.SegmentUpdateIntegrationTest.fields;
import static com.crm.segmentation.segment.SegmentUpdateIntegrationTest.put;
import static org.assertj.core.api.Assertions.assertThat;

import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmServiceTest;
import com.crm.test.TestTokens;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A static list's members are added and removed by hand, idempotently, each change announced; a person adds,
 * removes and sees only the customers of their visibility (north's manager cannot touch south's customer).
 */
@CrmServiceTest
class StaticListIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private ApiClient maria() {
        return ApiClient.of("http://localhost:" + port)
                .withToken(TestTokens.forUser("maria", "manager", "north", "crm.read", "crm.write", "crm.config"));
    }

    private ApiClient system() {
        return ApiClient.of("http://localhost:" + port)
                .withToken(TestTokens.forClient("erp", "crm.read", "crm.write", "crm.config"));
    }

    private static List<String> outcomes(ApiResponse r) {
        List<String> out = new ArrayList<>();
        r.json()
                .get("items")
                .forEach(i -> out.add(
                        i.get("outcome").asString() + " " + i.get("customerId").asString()));
        return out;
    }

    private static List<String> ids(JsonNode items, String field) {
        List<String> out = new ArrayList<>();
        items.forEach(i -> out.add(i.get(field).asString()));
        return out;
    }

    @Test
    void membersAreAddedAndRemovedByIdOrFromASearchWithinTheCallersVisibility() {
        SegmentTestData data = new SegmentTestData(jdbc);
        String region = "STA-" + UUID.randomUUID();
        UUID north1 = UUID.randomUUID();
        UUID north2 = UUID.randomUUID();
        UUID south = UUID.randomUUID();
        UUID unknown = UUID.randomUUID();
        data.register(north1, region, List.of(), "alice", "north");
        data.register(north2, region, List.of(), "alice", "north");
        data.register(south, region, List.of(), "bob", "south");
        data.awaitKnown(Map.of(north1, 0, north2, 0, south, 0));

        ApiResponse withCondition = maria().post("/api/segmentation/segments", """
                {"name":"list %s","kind":"STATIC","condition":{"field":"tier","op":"eq","value":"S"}}""".formatted(region));
        assertThat(withCondition.status()).as(withCondition.body()).isEqualTo(422);
        assertThat(fields(withCondition)).containsExactly("condition");

        ApiResponse created = maria().post("/api/segmentation/segments", """
                {"name":"list %s","kind":"STATIC"}""".formatted(region));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("kind").asString()).isEqualTo("STATIC");
        assertThat(created.json().get("members").asLong()).isZero();
        String id = created.json().get("id").asString();
        String members = "/api/segmentation/segments/" + id + "/members";

        long mark = data.outboxMark();
        ApiResponse added = maria().post(members, """
                {"customerIds":["%s","%s","%s","%s","%s"]}""".formatted(north1, north2, south, unknown, north1));
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(added.json().get("added").asInt()).isEqualTo(2);
        assertThat(outcomes(added))
                .containsExactly("ADDED " + north1, "ADDED " + north2, "NOT_FOUND " + south, "NOT_FOUND " + unknown);
        assertThat(data.changesSince(mark, id)).containsExactlyInAnyOrder("JOINED " + north1, "JOINED " + north2);

        mark = data.outboxMark();
        ApiResponse again = maria().post(members, "{\"customerIds\":[\"" + north1 + "\"]}");
        assertThat(outcomes(again)).containsExactly("ALREADY_MEMBER " + north1);
        assertThat(again.json().get("added").asInt()).isZero();
        assertThat(data.changesSince(mark, id))
                .as("nothing changed, nothing announced")
                .isEmpty();

        // the integrated system sees everyone: south joins
        assertThat(outcomes(system().post(members, "{\"customerIds\":[\"" + south + "\"]}")))
                .containsExactly("ADDED " + south);
        assertThat(ids(maria().get(members).json().get("items"), "customerId"))
                .containsExactlyInAnyOrder(north1.toString(), north2.toString());
        assertThat(maria().get("/api/segmentation/segments/" + id)
                        .json()
                        .get("members")
                        .asLong())
                .isEqualTo(2);
        assertThat(system().get("/api/segmentation/segments/" + id)
                        .json()
                        .get("members")
                        .asLong())
                .isEqualTo(3);
        assertThat(maria().get("/api/customers/" + south + "/segments").status())
                .as("a customer outside maria's visibility is a 404")
                .isEqualTo(404);
        JsonNode mine =
                maria().get("/api/customers/" + north1 + "/segments").json().get("items");
        assertThat(ids(mine, "segmentId")).containsExactly(id);
        assertThat(mine.get(0).get("kind").asString()).isEqualTo("STATIC");

        // maria cannot remove south (hidden: not found, stays); removing twice is once
        mark = data.outboxMark();
        ApiResponse removed = maria().post(members + "/remove", """
                {"customerIds":["%s","%s"]}""".formatted(south, north2));
        assertThat(removed.status()).as(removed.body()).isEqualTo(200);
        assertThat(outcomes(removed)).containsExactly("NOT_FOUND " + south, "REMOVED " + north2);
        assertThat(removed.json().get("removed").asInt()).isEqualTo(1);
        assertThat(data.changesSince(mark, id)).containsExactly("LEFT " + north2);
        assertThat(outcomes(maria().post(members + "/remove", "{\"customerIds\":[\"" + north2 + "\"]}")))
                .containsExactly("NOT_MEMBER " + north2);
        assertThat(system().get("/api/segmentation/segments/" + id)
                        .json()
                        .get("members")
                        .asLong())
                .isEqualTo(2);

        // from a search: what maria sees of the region now (north2 joins again, south is not hers to add)
        mark = data.outboxMark();
        ApiResponse search = maria().post(members, """
                {"conditions":[{"field":"region","op":"eq","value":"%s"}]}""".formatted(region));
        assertThat(search.status()).as(search.body()).isEqualTo(200);
        assertThat(search.json().get("matched").asLong()).isEqualTo(2);
        assertThat(search.json().get("added").asInt()).isEqualTo(1);
        assertThat(data.changesSince(mark, id)).containsExactly("JOINED " + north2);

        // a static list has no condition; its kind stays
        ApiResponse condition = put(maria(), "/api/segmentation/segments/" + id, """
                {"name":"list %s","condition":{"field":"tier","op":"eq","value":"S"}}""".formatted(region));
        assertThat(condition.status()).as(condition.body()).isEqualTo(422);
        assertThat(condition.contentType()).startsWith("application/problem+json");
        assertThat(fields(condition)).containsExactly("condition");
        ApiResponse renamed = put(maria(), "/api/segmentation/segments/" + id, """
                {"name":"renamed %s"}""".formatted(region));
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(renamed.json().get("version").asInt()).isEqualTo(2);
        assertThat(system().get("/api/segmentation/segments/" + id)
                        .json()
                        .get("members")
                        .asLong())
                .as("renaming a list keeps its members")
                .isEqualTo(3);

        // archived: members leave, no more changes
        mark = data.outboxMark();
        assertThat(maria().delete("/api/segmentation/segments/" + id).status()).isEqualTo(204);
        assertThat(data.changesSince(mark, id))
                .containsExactlyInAnyOrder("LEFT " + north1, "LEFT " + north2, "LEFT " + south);
        assertThat(maria().post(members, "{\"customerIds\":[\"" + north1 + "\"]}")
                        .status())
                .isEqualTo(409);
    }

    @Test
    void badMemberRequestsAreProblemsNamingEachField() {
        String id = maria().post("/api/segmentation/segments", """
                        {"name":"bad list %s","kind":"STATIC"}""".formatted(UUID.randomUUID()))
                .json()
                .get("id")
                .asString();
        String members = "/api/segmentation/segments/" + id + "/members";

        List<String> many = new ArrayList<>(Collections.nCopies(1001, "\"" + UUID.randomUUID() + "\""));
        ApiResponse tooMany = maria().post(members, "{\"customerIds\":[" + String.join(",", many) + "]}");
        assertThat(tooMany.status()).as(tooMany.body()).isEqualTo(400);
        assertThat(fields(tooMany)).containsExactly("customerIds");

        ApiResponse nullId =
                maria().post(members + "/remove", "{\"customerIds\":[\"" + UUID.randomUUID() + "\",null]}");
        assertThat(nullId.status()).as(nullId.body()).isEqualTo(400);
        assertThat(fields(nullId)).containsExactly("customerIds[1]");

        ApiResponse none = maria().post(members, "{}");
        assertThat(none.status()).isEqualTo(400);
        assertThat(fields(none)).containsExactly("customerIds");

        ApiResponse both = maria().post(members, """
                {"customerIds":["%s"],"conditions":[{"field":"tier","op":"eq","value":"S"}]}""".formatted(UUID.randomUUID()));
        assertThat(both.status()).isEqualTo(400);
        assertThat(fields(both)).containsExactly("conditions");

        ApiResponse badSearch = maria().post(members, """
                {"conditions":[{"field":"tier","op":"eq","value":"S"},{"field":"shoeSize","op":"eq","value":1}]}""");
        assertThat(badSearch.status()).as(badSearch.body()).isEqualTo(400);
        assertThat(fields(badSearch)).containsExactly("conditions[1].field");

        ApiResponse notAnId = maria().post(members, "{\"customerIds\":[\"not-a-uuid\"]}");
        assertThat(notAnId.status()).as(notAnId.body()).isEqualTo(400);
        assertThat(notAnId.contentType()).startsWith("application/problem+json");

        assertThat(maria().post(
                                "/api/segmentation/segments/" + UUID.randomUUID() + "/members",
                                "{\"customerIds\":[\"" + UUID.randomUUID() + "\"]}")
                        .status())
                .isEqualTo(404);

        String dynamic = maria().post("/api/segmentation/segments", """
                        {"name":"dyn %s","condition":{"field":"tier","op":"eq","value":"S"}}""".formatted(UUID.randomUUID()))
                .json()
                .get("id")
                .asString();
        ApiResponse toDynamic = maria().post(
                        "/api/segmentation/segments/" + dynamic + "/members",
                        "{\"customerIds\":[\"" + UUID.randomUUID() + "\"]}");
        assertThat(toDynamic.status())
                .as("a dynamic segment's condition decides")
                .isEqualTo(409);

        ApiResponse readOnly = ApiClient.of("http://localhost:" + port)
                .withToken(TestTokens.withScopes("crm.read"))
                .post(members, "{\"customerIds\":[\"" + UUID.randomUUID() + "\"]}");
        assertThat(readOnly.status()).as("writes need crm.write").isEqualTo(403);
    }
}
