package com.crm.segmentation.segment;

import static com.crm.segmentation.segment.SegmentUpdateIntegrationTest.fields;
import static org.assertj.core.api.Assertions.assertThat;

import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmServiceTest;
import com.crm.test.TestTokens;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Conditions on behaviour in the last days (purchases, interactions by channel, complaints; "none in 90 days" as a
 * count of 0) pick the right customers, and the daily job moves them as time passes and records each segment's size.
 */
@CrmServiceTest
class TimeWindowSegmentIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SegmentSizes sizes;

    private ApiClient system() {
        return ApiClient.of("http://localhost:" + port)
                .withToken(TestTokens.forClient("erp", "crm.read", "crm.write", "crm.config"));
    }

    private List<String> members(String segmentId) {
        List<String> ids = new ArrayList<>();
        system().get("/api/segmentation/segments/" + segmentId + "/members?limit=500")
                .json()
                .get("items")
                .forEach(i -> ids.add(i.get("customerId").asString()));
        return ids;
    }

    private String define(String name, String region, String behaviour) {
        ApiResponse r = system().post("/api/segmentation/segments", """
                {"name":"%s %s","condition":{"all":[{"field":"region","op":"eq","value":"%s"},%s]}}""".formatted(name, region, region, behaviour));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    private long preview(String region, String behaviour) {
        ApiResponse r = system().post("/api/segmentation/segments/preview", """
                {"condition":{"all":[{"field":"region","op":"eq","value":"%s"},%s]}}""".formatted(region, behaviour));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("count").asLong();
    }

    @Test
    void behaviourInTheLastDaysPicksCustomersAndTheDailyRecomputeMovesThemAsTimePasses() {
        SegmentTestData data = new SegmentTestData(jdbc);
        String region = "TW-" + UUID.randomUUID();
        UUID twiceRecently = UUID.randomUUID();
        UUID onceRecently = UUID.randomUUID();
        UUID lapsed = UUID.randomUUID();
        UUID prospect = UUID.randomUUID();
        for (UUID id : List.of(twiceRecently, onceRecently, lapsed, prospect)) {
            data.register(id, region, List.of(), null, null);
        }
        data.purchase(twiceRecently, 5);
        data.purchase(twiceRecently, 12);
        data.purchase(onceRecently, 5);
        data.purchase(onceRecently, 60);
        data.purchase(lapsed, 100);
        data.interaction(onceRecently, "EMAIL", "CALL", 2);
        data.interaction(onceRecently, "email", "NOTE", 3);
        data.interaction(twiceRecently, "PHONE", "CALL", 2);
        data.interaction(lapsed, "PHONE", "COMPLAINT", 4);
        data.awaitKnown(Map.of(twiceRecently, 2, onceRecently, 2, lapsed, 1, prospect, 0));
        data.awaitInteractions(onceRecently, 2);
        data.awaitInteractions(twiceRecently, 1);
        data.awaitInteractions(lapsed, 1);

        String frequent = define("frequent", region, """
                {"field":"purchases","withinDays":30,"op":"gte","value":2}""");
        String dormant = define("dormant", region, """
                {"field":"purchases","withinDays":90,"op":"eq","value":0}""");
        assertThat(members(frequent)).containsExactly(twiceRecently.toString());
        assertThat(members(dormant)).containsExactlyInAnyOrder(lapsed.toString(), prospect.toString());
        assertThat(system().get("/api/segmentation/segments/" + frequent)
                        .json()
                        .get("condition")
                        .toString())
                .contains("withinDays");

        assertThat(preview(region, """
                {"field":"interactions","withinDays":30,"channel":"EMAIL","op":"gte","value":2}""")).isEqualTo(1);
        assertThat(preview(region, """
                {"field":"interactions","withinDays":30,"interactionType":"call","op":"eq","value":1}""")).isEqualTo(2);
        assertThat(preview(region, """
                {"field":"complaints","withinDays":30,"op":"gte","value":1}""")).isEqualTo(1);
        assertThat(preview(region, """
                {"not":{"field":"complaints","withinDays":30,"op":"gte","value":1}}""")).isEqualTo(3);

        // 80 days pass for the frequent buyer's purchases: no event says so, the daily recompute does
        jdbc.sql("update purchase set occurred_at = occurred_at - interval '80 days' where customer_id = :id")
                .param("id", twiceRecently)
                .update();
        long mark = data.outboxMark();
        sizes.daily();
        assertThat(data.changesSince(mark, frequent)).containsExactly("LEFT " + twiceRecently);
        assertThat(data.changesSince(mark, dormant)).isEmpty();
        assertThat(members(frequent)).isEmpty();

        // sizes: today's recorded by the daily job, an earlier day as it was recorded then
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        jdbc.sql("insert into segment_size (segment_id, day, members, recorded_at) values (:id, :day, 7, now())")
                .param("id", UUID.fromString(dormant))
                .param("day", today.minusDays(3))
                .update();
        ApiResponse series = system().get("/api/segmentation/segments/" + dormant + "/sizes?from=" + today.minusDays(10)
                + "&to=" + today);
        assertThat(series.status()).as(series.body()).isEqualTo(200);
        JsonNode items = series.json().get("items");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).get("day").asString())
                .isEqualTo(today.minusDays(3).toString());
        assertThat(items.get(0).get("members").asLong()).isEqualTo(7);
        assertThat(items.get(1).get("day").asString()).isEqualTo(today.toString());
        assertThat(items.get(1).get("members").asLong()).isEqualTo(2);
        assertThat(system().get("/api/segmentation/segments/" + frequent + "/sizes")
                        .json()
                        .get("items")
                        .get(0)
                        .get("members")
                        .asLong())
                .isZero();

        ApiClient manager = ApiClient.of("http://localhost:" + port)
                .withToken(TestTokens.forUser("maria", "manager", "north", "crm.read"));
        assertThat(manager.get("/api/segmentation/segments/" + dormant + "/sizes")
                        .status())
                .as("sizes count every member: only for those who see every customer")
                .isEqualTo(403);
        ApiResponse backwards = system().get(
                        "/api/segmentation/segments/" + dormant + "/sizes?from=" + today + "&to=" + today.minusDays(1));
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(fields(backwards)).containsExactly("from");
        assertThat(system().get("/api/segmentation/segments/" + dormant + "/sizes?from=yesterday")
                        .status())
                .isEqualTo(400);
        assertThat(system().get("/api/segmentation/segments/" + UUID.randomUUID() + "/sizes")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void badBehaviourConditionsNameEachFault() {
        ApiResponse r = system().post("/api/segmentation/segments/preview", """
                {"condition":{"all":[{"field":"purchases","op":"gte","value":-1},
                                     {"field":"complaints","withinDays":0,"op":"in","value":[1]},
                                     {"field":"purchases","withinDays":30,"op":"gte","value":1,"channel":"EMAIL"},
                                     {"field":"tier","withinDays":30,"op":"eq","value":"S"}]}}""");
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(fields(r))
                .containsExactlyInAnyOrder(
                        "condition.all[0].withinDays",
                        "condition.all[0].value",
                        "condition.all[1].op",
                        "condition.all[1].withinDays",
                        "condition.all[1].value",
                        "condition.all[2].channel",
                        "condition.all[3].withinDays");
    }
}
