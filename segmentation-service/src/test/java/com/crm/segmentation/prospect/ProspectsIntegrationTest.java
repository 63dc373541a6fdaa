package com.crm.segmentation.prospect;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.Topics;
import com.crm.contracts.events.customer.CustomerErased;
import com.crm.contracts.events.customer.CustomerMerged;
import com.crm.contracts.events.customer.CustomerRegistered;
import com.crm.contracts.events.customer.CustomerSnapshot;
import com.crm.contracts.events.interaction.InteractionRecorded;
import com.crm.contracts.events.purchase.PurchaseRecorded;
import com.crm.contracts.events.segmentation.ProspectPriorityChanged;
import com.crm.segmentation.TestEvents;
import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmInfrastructure;
import com.crm.test.CrmServiceTest;
import com.crm.test.EventCapture;
import com.crm.test.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Prospects scored from real events (Kafka), listed, converted by their first purchase, and the conversion report. */
@CrmServiceTest
class ProspectsIntegrationTest {

    private static final String SOURCE = "/crm/customer-service";

    @LocalServerPort
    int port;

    private ApiClient api() {
        return ApiClient.of("http://localhost:" + port).withToken(TestTokens.withScopes("crm.read", "crm.write"));
    }

    private static void register(UUID id, String owner, String... tags) {
        Instant now = Instant.now();
        TestEvents.sendAsync(
                SOURCE,
                new CustomerRegistered(
                        id,
                        new CustomerSnapshot(
                                id,
                                "PERSON",
                                null,
                                null,
                                "retail",
                                "CN-11",
                                List.of(tags),
                                owner,
                                Map.of(),
                                now,
                                now,
                                1,
                                "Asia/Shanghai")));
    }

    private static void intentInquiry(UUID customer) {
        TestEvents.sendAsync(
                "/crm/interaction-service",
                new InteractionRecorded(
                        customer,
                        UUID.randomUUID(),
                        "PHONE",
                        "INBOUND",
                        "INQUIRY",
                        "SALES",
                        "ANSWERED",
                        Instant.now().minus(1, ChronoUnit.HOURS),
                        120,
                        "agent-1",
                        null,
                        true,
                        null,
                        null,
                        false));
    }

    private static void purchase(UUID customer) {
        TestEvents.sendAsync(
                SOURCE,
                new PurchaseRecorded(
                        customer, UUID.randomUUID(), "erp", null, Instant.now(), "99.00", "CNY", 1, "store", null));
    }

    private JsonNode awaitProspect(UUID id, Predicate<JsonNode> condition) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> {
                            ApiResponse r = api().get("/api/prospects/" + id);
                            return r.status() == 200 ? r.json() : null;
                        },
                        j -> j != null && condition.test(j));
    }

    @Test
    void anIntentInquiryAndALargeBudgetMakePriorityOneUntilTheFirstPurchase() {
        ApiClient api = api();
        String owner = "am-" + UUID.randomUUID().toString().substring(0, 8);
        try (EventCapture events = new EventCapture(CrmInfrastructure.get().kafkaBootstrap(), Topics.SEGMENTATION)) {
            UUID hot = UUID.randomUUID();
            UUID cold = UUID.randomUUID();
            register(hot, owner, "budget:500000", "source:trade-fair");
            register(cold, owner, "newsletter");
            TestEvents.flush();
            // the budget alone: ability without expressed need
            assertThat(awaitProspect(hot, j -> true).get("priority").asInt()).isEqualTo(2);
            intentInquiry(hot);
            TestEvents.flush();
            JsonNode p = awaitProspect(hot, j -> j.get("priority").asInt() == 1);
            assertThat(p.get("quadrant").asString()).isEqualTo("NEED_AND_ABILITY");
            assertThat(p.get("needScore").asDouble()).isEqualTo(1.0);
            assertThat(p.get("abilityScore").asDouble()).isEqualTo(0.6);
            assertThat(p.get("source").asString()).isEqualTo("trade-fair");
            assertThat(p.get("reasons").toString())
                    .contains(
                            "need: 1 purchase-intent interaction(s) (+0.6)",
                            "need: 1 inquiry(ies) (+0.4)",
                            "ability: declared budget 500000 ≥ 100000 (+0.6)");
            ProspectPriorityChanged moved = events.awaitMatching(r -> r.key().equals(hot.toString())
                            && r.event().getType().equals("crm.prospect.priority-changed")
                            && Integer.valueOf(1)
                                    .equals(r.data(ProspectPriorityChanged.class)
                                            .to()))
                    .data(ProspectPriorityChanged.class);
            assertThat(moved.from()).isEqualTo(2);
            assertThat(moved.reasons()).hasSize(3);
            assertThat(awaitProspect(cold, j -> true).get("priority").asInt()).isEqualTo(4);

            // filtered and paged: priority 1 first, then the cold one
            ApiResponse first = api.get("/api/prospects?ownerId=" + owner + "&limit=1");
            assertThat(first.json().get("items").get(0).get("customerId").asString())
                    .isEqualTo(hot.toString());
            String cursor = first.json().get("nextCursor").asString();
            JsonNode second = api.get("/api/prospects?ownerId=" + owner + "&limit=1&cursor=" + cursor)
                    .json();
            assertThat(second.get("items").get(0).get("customerId").asString()).isEqualTo(cold.toString());
            assertThat(second.get("nextCursor").isNull()).isTrue();
            assertThat(api.get("/api/prospects?priority=1&source=trade-fair&ownerId=" + owner)
                            .json()
                            .get("items"))
                    .hasSize(1);
            assertThat(api.get("/api/prospects?priority=4&source=trade-fair&ownerId=" + owner)
                            .json()
                            .get("items"))
                    .isEmpty();

            // the first purchase: a customer stage, no longer a listed prospect
            purchase(hot);
            TestEvents.flush();
            JsonNode converted = awaitProspect(hot, j -> !j.get("convertedAt").isNull());
            assertThat(converted.get("priority").asInt()).isEqualTo(1);
            assertThat(api.get("/api/segmentation/customers/" + hot)
                            .json()
                            .get("stage")
                            .asString())
                    .isEqualTo("NEW");
            ProspectPriorityChanged left = events.awaitMatching(r -> r.key().equals(hot.toString())
                            && r.event().getType().equals("crm.prospect.priority-changed")
                            && r.data(ProspectPriorityChanged.class).converted())
                    .data(ProspectPriorityChanged.class);
            assertThat(left.from()).isEqualTo(1);
            assertThat(left.to()).isNull();
            assertThat(api.get("/api/prospects?ownerId=" + owner).json().get("items"))
                    .hasSize(1);
        }
    }

    @Test
    void aMergeMovesDeclinesToTheSurvivorAndAnErasureForgetsTheProspect() {
        ApiClient api = api();
        UUID survivor = UUID.randomUUID();
        UUID merged = UUID.randomUUID();
        register(survivor, "am-merge", "budget:200000");
        register(merged, "am-merge");
        TestEvents.flush();
        awaitProspect(survivor, j -> true);
        awaitProspect(merged, j -> true);
        for (String product : List.of("X1", "X2")) {
            ApiResponse declined =
                    api.post("/api/customers/" + merged + "/offers/declines", "{\"productCode\":\"" + product + "\"}");
            assertThat(declined.status()).as(declined.body()).isEqualTo(201);
        }
        JsonNode page =
                api.get("/api/customers/" + merged + "/offers/declines?limit=1").json();
        assertThat(page.get("items").get(0).get("productCode").asString()).isEqualTo("X2");
        JsonNode next = api.get("/api/customers/" + merged + "/offers/declines?limit=1&cursor="
                        + page.get("nextCursor").asString())
                .json();
        assertThat(next.get("items").get(0).get("productCode").asString()).isEqualTo("X1");
        assertThat(next.get("nextCursor").isNull()).isTrue();

        Instant now = Instant.now();
        TestEvents.publish(
                SOURCE,
                new CustomerMerged(
                        survivor,
                        List.of(survivor, merged),
                        now,
                        new CustomerSnapshot(
                                survivor,
                                "PERSON",
                                null,
                                null,
                                "retail",
                                "CN-11",
                                List.of("budget:200000"),
                                "am-merge",
                                Map.of(),
                                now,
                                now,
                                2,
                                null)));
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> api.get("/api/prospects/" + merged).status() == 404);
        assertThat(api.get("/api/customers/" + survivor + "/offers/declines")
                        .json()
                        .get("items"))
                .hasSize(2);

        TestEvents.publish(SOURCE, new CustomerErased(survivor, Instant.now()));
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> api.get("/api/prospects/" + survivor).status() == 404);
        assertThat(api.get("/api/customers/" + survivor + "/offers/declines")
                        .json()
                        .get("items"))
                .isEmpty();
        assertThat(api.get("/api/customers/" + survivor + "/offers").status()).isEqualTo(404);
    }

    @Test
    void onAFixedDataSetPriorityOneConvertsAtAHigherRateThanPriorityFour() {
        ApiClient api = api();
        String source = "fair-" + UUID.randomUUID().toString().substring(0, 8);
        List<UUID> hot = new ArrayList<>();
        List<UUID> cold = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            UUID h = UUID.randomUUID();
            register(h, "am-conv", "budget:900000", "source:" + source);
            intentInquiry(h);
            hot.add(h);
            UUID c = UUID.randomUUID();
            register(c, "am-conv", "source:" + source);
            cold.add(c);
        }
        TestEvents.flush();
        hot.forEach(id -> awaitProspect(id, j -> j.get("priority").asInt() == 1));
        cold.forEach(id -> awaitProspect(id, j -> j.get("priority").asInt() == 4));
        // three of four priority-1 prospects buy, one of four priority-4
        hot.subList(0, 3).forEach(ProspectsIntegrationTest::purchase);
        purchase(cold.get(0));
        TestEvents.flush();
        hot.subList(0, 3)
                .forEach(id -> awaitProspect(id, j -> !j.get("convertedAt").isNull()));
        awaitProspect(cold.get(0), j -> !j.get("convertedAt").isNull());

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        JsonNode report = api.get(
                        "/api/prospects/conversion?from=" + today.minusDays(1) + "&to=" + today + "&source=" + source)
                .json();
        Map<String, JsonNode> byPriority = new HashMap<>();
        report.get("byPriority").forEach(r -> byPriority.put(r.get("group").asString(), r));
        assertThat(byPriority.get("1").get("prospects").asInt()).isEqualTo(4);
        assertThat(byPriority.get("1").get("converted").asInt()).isEqualTo(3);
        assertThat(byPriority.get("1").get("rate").asString()).isEqualTo("0.7500");
        assertThat(byPriority.get("4").get("rate").asString()).isEqualTo("0.2500");
        assertThat(Double.parseDouble(byPriority.get("1").get("rate").asString()))
                .isGreaterThan(
                        Double.parseDouble(byPriority.get("4").get("rate").asString()));
        assertThat(report.get("bySource").get(0).get("group").asString()).isEqualTo(source);
        assertThat(report.get("bySource").get(0).get("converted").asInt()).isEqualTo(4);

        ApiResponse bad = api.get("/api/prospects?priority=7&cursor=zzz");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").toString()).contains("priority", "cursor");
        assertThat(api.get("/api/prospects/conversion?from=yesterday").status()).isEqualTo(400);
    }
}
