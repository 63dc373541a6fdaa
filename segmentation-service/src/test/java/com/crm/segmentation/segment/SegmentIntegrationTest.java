package com.crm.segmentation.segment;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.Topics;
import com.crm.contracts.events.audit.AuditRecorded;
import com.crm.contracts.events.customer.CustomerRegistered;
import com.crm.contracts.events.customer.CustomerSnapshot;
import com.crm.contracts.events.purchase.PurchaseRecorded;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
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

/** A segment defined over the API picks exactly the customers its condition says, and keeps them current. */
@CrmServiceTest
class SegmentIntegrationTest {

    private static final String SOURCE = "/crm/customer-service";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private static void register(UUID id, String region, List<String> tags) {
        Instant now = Instant.now();
        TestEvents.publish(
                SOURCE,
                new CustomerRegistered(
                        id,
                        new CustomerSnapshot(
                                id, "PERSON", null, null, "retail", region, tags, null, Map.of(), now, now, 1, null)));
    }

    private static void purchases(UUID id, int days, String amount) {
        for (int d = 0; d < days; d++) {
            TestEvents.publish(
                    SOURCE,
                    new PurchaseRecorded(
                            id,
                            UUID.randomUUID(),
                            "erp",
                            null,
                            Instant.now().minus(3 + 5L * d, ChronoUnit.DAYS),
                            amount,
                            "CNY",
                            1,
                            "store",
                            null));
        }
    }

    private long purchaseDays(UUID id) {
        return jdbc.sql("select coalesce(max(purchase_days), 0) from customer_metrics where customer_id = :id")
                .param("id", id)
                .query(Long.class)
                .single();
    }

    private boolean known(UUID id) {
        return jdbc.sql("select count(*) from segment_subject where customer_id = :id")
                        .param("id", id)
                        .query(Long.class)
                        .single()
                == 1;
    }

    private static Set<String> ids(JsonNode items, String field) {
        Set<String> ids = new HashSet<>();
        items.forEach(i -> ids.add(i.get(field).asString()));
        return ids;
    }

    @Test
    void segmentPicksExactlyTheCustomersOfItsConditionPreviewsPagesExportsAndFollowsChanges() {
        ApiClient api =
                ApiClient.of("http://localhost:" + port).withToken(TestTokens.withScopes("crm.read", "crm.write"));
        String region = "R-" + UUID.randomUUID();
        UUID frequentVip = UUID.randomUUID();
        UUID onceNoTag = UUID.randomUUID();
        UUID prospectVip = UUID.randomUUID();
        UUID elsewhere = UUID.randomUUID();
        register(frequentVip, region, List.of("vip"));
        register(onceNoTag, region, List.of());
        register(prospectVip, region, List.of("vip", "wechat"));
        register(elsewhere, "other-" + region, List.of("vip"));
        purchases(frequentVip, 3, "100.00");
        purchases(onceNoTag, 1, "50.00");
        purchases(elsewhere, 3, "100.00");
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> purchaseDays(frequentVip) == 3
                        && purchaseDays(onceNoTag) == 1
                        && purchaseDays(elsewhere) == 3
                        && known(prospectVip));

        String condition = """
                {"all":[{"field":"region","op":"eq","value":"%s"},
                        {"any":[{"field":"purchaseDays","op":"gte","value":2},
                                {"field":"tags","op":"contains","value":"vip"}]},
                        {"not":{"field":"stage","op":"in","value":["CHURNED","DECLINING"]}}]}""".formatted(region);

        ApiResponse preview = api.post("/api/segmentation/segments/preview", "{\"condition\":" + condition + "}");
        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        assertThat(preview.json().get("count").asLong()).isEqualTo(2);
        Set<String> sample = new HashSet<>();
        preview.json().get("sample").forEach(s -> sample.add(s.asString()));
        assertThat(sample).containsExactlyInAnyOrder(frequentVip.toString(), prospectVip.toString());

        ApiClient designer = ApiClient.of("http://localhost:" + port)
                .withToken(TestTokens.forUser("maria", "manager", "north", "crm.read", "crm.write", "crm.config"));
        String segmentBody = """
                {"name":"vip or frequent in %s","condition":%s}""".formatted(region, condition);
        assertThat(api.post("/api/segmentation/segments", segmentBody).status())
                .as("defining a segment is configuration: crm.config or crm.admin")
                .isEqualTo(403);
        try (EventCapture events = new EventCapture(CrmInfrastructure.get().kafkaBootstrap(), Topics.SEGMENTATION);
                EventCapture audit = new EventCapture(CrmInfrastructure.get().kafkaBootstrap(), Topics.AUDIT)) {
            ApiResponse created = designer.post("/api/segmentation/segments", segmentBody);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String segmentId = created.json().get("id").asString();
            AuditRecorded entry = audit.awaitMatching(
                            r -> segmentId.equals(r.data(AuditRecorded.class).subjectId()))
                    .data(AuditRecorded.class);
            assertThat(entry.action()).isEqualTo("segment.created");
            assertThat(entry.actorId()).isEqualTo("maria");
            assertThat(entry.actorKind()).isEqualTo("USER");
            assertThat(entry.occurredAt()).isNotNull();
            assertThat(created.json().get("members").asLong()).isEqualTo(2);

            // members, one per page
            List<String> paged = new ArrayList<>();
            String cursor = null;
            do {
                ApiResponse page = api.get("/api/segmentation/segments/" + segmentId + "/members?limit=1"
                        + (cursor == null ? "" : "&cursor=" + cursor));
                assertThat(page.status()).as(page.body()).isEqualTo(200);
                page.json()
                        .get("items")
                        .forEach(i -> paged.add(i.get("customerId").asString()));
                JsonNode next = page.json().get("nextCursor");
                cursor = next == null || next.isNull() ? null : next.asString();
            } while (cursor != null);
            assertThat(paged).containsExactlyInAnyOrder(frequentVip.toString(), prospectVip.toString());

            ApiResponse csv = api.get("/api/segmentation/segments/" + segmentId + "/members.csv");
            assertThat(csv.status()).isEqualTo(200);
            assertThat(csv.contentType()).startsWith("text/csv");
            String[] lines = csv.body().split("\n");
            assertThat(lines[0]).isEqualTo("customerId,joinedAt,tier,stage,clv");
            assertThat(lines).hasSize(3);
            assertThat(csv.body())
                    .contains(frequentVip.toString(), prospectVip.toString())
                    .doesNotContain(onceNoTag.toString(), elsewhere.toString());

            for (UUID member : List.of(frequentVip, prospectVip)) {
                var joined = events.awaitMatching(r -> r.event().getType().equals("crm.segment.membership-changed")
                                && r.key().equals(member.toString()))
                        .data(SegmentMembershipChanged.class);
                assertThat(joined.change()).isEqualTo("JOINED");
                assertThat(joined.segmentId()).hasToString(segmentId);
            }

            // a relevant change: the one-off buyer buys twice more and joins
            purchases(onceNoTag, 2, "70.00");
            var joined = events.awaitMatching(r -> r.event().getType().equals("crm.segment.membership-changed")
                            && r.key().equals(onceNoTag.toString()))
                    .data(SegmentMembershipChanged.class);
            assertThat(joined.change()).isEqualTo("JOINED");
            JsonNode members = api.get("/api/segmentation/segments/" + segmentId + "/members")
                    .json()
                    .get("items");
            assertThat(ids(members, "customerId"))
                    .containsExactlyInAnyOrder(frequentVip.toString(), prospectVip.toString(), onceNoTag.toString());
        }
    }

    @Test
    void invalidConditionsAreRefusedNamingEachFault() {
        ApiClient api =
                ApiClient.of("http://localhost:" + port).withToken(TestTokens.withScopes("crm.read", "crm.write"));
        ApiResponse r = api.post("/api/segmentation/segments/preview", """
                {"condition":{"all":[{"field":"shoeSize","op":"eq","value":1},
                                     {"field":"clv","op":"gt","value":"much"}]}}""");
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(ids(r.json().get("errors"), "field"))
                .containsExactlyInAnyOrder("condition.all[0].field", "condition.all[1].value");

        UUID unknown = UUID.randomUUID();
        for (String path : List.of("", "/members", "/members.csv")) {
            ApiResponse missing = api.get("/api/segmentation/segments/" + unknown + path);
            assertThat(missing.status()).as(path).isEqualTo(404);
            assertThat(missing.contentType()).as(path).startsWith("application/problem+json");
        }
    }
}
