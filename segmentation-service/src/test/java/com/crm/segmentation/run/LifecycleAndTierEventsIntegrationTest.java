package com.crm.segmentation.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.Topics;
import com.crm.contracts.events.customer.CustomerRegistered;
import com.crm.contracts.events.customer.CustomerSnapshot;
import com.crm.contracts.events.purchase.PurchaseRecorded;
import com.crm.contracts.events.segmentation.LifecycleStageChanged;
import com.crm.contracts.events.segmentation.TierChanged;
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
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Customers whose purchases cross the rules get {@code crm.lifecycle.stage-changed} and {@code crm.value.tier-changed}
 * on {@code crm.segmentation.v1}, from incremental updates (per event) and from full runs.
 */
@CrmServiceTest
class LifecycleAndTierEventsIntegrationTest {

    private static final String SOURCE = "/crm/customer-service";

    @LocalServerPort
    int port;

    private static CustomerSnapshot snapshot(UUID id) {
        Instant now = Instant.now();
        return new CustomerSnapshot(
                id,
                "PERSON",
                null,
                null,
                "retail",
                "CN-31",
                List.of("vip"),
                "am-1",
                Map.of(),
                now,
                now,
                1,
                "Asia/Shanghai");
    }

    private static void purchase(UUID customer, Instant at, String amount) {
        TestEvents.sendAsync(
                SOURCE,
                new PurchaseRecorded(customer, UUID.randomUUID(), "erp", null, at, amount, "CNY", 1, "store", null));
    }

    @Test
    void aProspectsFirstPurchaseMakesItNewAndAFullRunPutsTheBestCustomerInTierS() {
        ApiClient api =
                ApiClient.of("http://localhost:" + port).withToken(TestTokens.withScopes("crm.read", "crm.write"));
        try (EventCapture events = new EventCapture(CrmInfrastructure.get().kafkaBootstrap(), Topics.SEGMENTATION)) {
            UUID prospect = UUID.randomUUID();
            TestEvents.publish(SOURCE, new CustomerRegistered(prospect, snapshot(prospect)));
            var first = events.awaitMatching(r -> r.event().getType().equals("crm.lifecycle.stage-changed")
                            && r.key().equals(prospect.toString()))
                    .data(LifecycleStageChanged.class);
            assertThat(first.from()).isNull();
            assertThat(first.to()).isEqualTo("PROSPECT");

            Instant now = Instant.now();
            // earlier today (UTC), also just after midnight
            Instant anHourAgo = now.minus(1, ChronoUnit.HOURS);
            Instant startOfDay = now.truncatedTo(ChronoUnit.DAYS);
            purchase(prospect, anHourAgo.isBefore(startOfDay) ? startOfDay : anHourAgo, "88.00");
            TestEvents.flush();
            var bought = events.awaitMatching(r -> r.event().getType().equals("crm.lifecycle.stage-changed")
                            && r.key().equals(prospect.toString())
                            && "NEW".equals(r.data(LifecycleStageChanged.class).to()))
                    .data(LifecycleStageChanged.class);
            assertThat(bought.from()).isEqualTo("PROSPECT");
            assertThat(bought.reason()).startsWith("first purchase 0 days ago");

            // a background population of ordinary customers (seeded), and one clearly best customer
            Random random = new Random(42);
            for (int c = 0; c < 40; c++) {
                UUID id = UUID.randomUUID();
                int days = 1 + random.nextInt(4);
                for (int d = 0; d < days; d++) {
                    purchase(
                            id,
                            now.minus(30 + random.nextInt(600), ChronoUnit.DAYS),
                            "%d.00".formatted(20 + random.nextInt(40)));
                }
            }
            UUID best = UUID.randomUUID();
            for (int d = 0; d < 12; d++) {
                purchase(best, now.minus(2 + 14L * d, ChronoUnit.DAYS), "900.00");
            }
            TestEvents.flush();
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                ApiResponse r = api.get("/api/segmentation/customers/" + best);
                return r.status() == 200
                        && r.json().get("metrics").get("purchaseDays").asInt() == 12;
            });

            ApiResponse started = api.post("/api/segmentation/runs", "{}");
            assertThat(started.status()).as(started.body()).isEqualTo(202);
            String runId = started.json().get("id").asString();
            JsonNode run = Awaitility.await()
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(200))
                    .until(
                            () -> api.get("/api/segmentation/runs/" + runId).json(),
                            r -> !"RUNNING".equals(r.get("status").asString()));
            assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
            assertThat(run.get("progress").asDouble()).isEqualTo(1.0);
            assertThat(run.get("durationMs").asLong()).isNotNegative();

            TierChanged tier = events.awaitMatching(r -> r.event().getType().equals("crm.value.tier-changed")
                            && r.key().equals(best.toString())
                            && "S".equals(r.data(TierChanged.class).to()))
                    .data(TierChanged.class);
            assertThat(tier.clv()).isNotNull();
            JsonNode value = api.get("/api/segmentation/customers/" + best).json();
            assertThat(value.get("tier").asString()).isEqualTo("S");
            assertThat(value.get("quadrant").asString()).isEqualTo("KEY");
            assertThat(value.get("rfm").get("frequency").asInt()).isEqualTo(5);
            assertThat(value.get("rfm").get("monetary").asInt()).isEqualTo(5);
            assertThat(Double.parseDouble(value.get("pAlive").asString())).isGreaterThan(0.5);
            assertThat(Double.parseDouble(value.get("clv").asString())).isPositive();
            assertThat(value.get("stage").asString()).isEqualTo("MATURE");

            ApiResponse history = api.get("/api/segmentation/runs");
            assertThat(history.json().get("items").toString()).contains(runId);
        }
    }

    @Autowired
    JdbcClient jdbc;

    @Test
    void aRunningRunOnAnyReplicaRefusesASecondAndAnAbandonedOneIsTakenOver() {
        ApiClient api =
                ApiClient.of("http://localhost:" + port).withToken(TestTokens.withScopes("crm.read", "crm.write"));
        // another replica's run, in the shared database
        UUID other = UUID.randomUUID();
        jdbc.sql("""
                insert into segmentation_run (id, status, trigger, calibration_end, phase, progress, started_at)
                values (:id, 'RUNNING', 'SCHEDULE', current_date, 'fitting', 0.2, now())""").param("id", other).update();
        ApiResponse refused = api.post("/api/segmentation/runs", "{}");
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");

        // that replica died long ago: its row is marked FAILED and a new run starts
        jdbc.sql("update segmentation_run set started_at = now() - interval '3 hours' where id = :id")
                .param("id", other)
                .update();
        ApiResponse started = api.post("/api/segmentation/runs", "{}");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        JsonNode abandoned = api.get("/api/segmentation/runs/" + other).json();
        assertThat(abandoned.get("status").asString()).isEqualTo("FAILED");
        assertThat(abandoned.get("error").asString()).contains("abandoned");
        String id = started.json().get("id").asString();
        Awaitility.await()
                .atMost(Duration.ofMinutes(2))
                .until(() -> !"RUNNING"
                        .equals(api.get("/api/segmentation/runs/" + id)
                                .json()
                                .get("status")
                                .asString()));
        assertThat(api.get("/api/segmentation/runs/" + id).json().get("status").asString())
                .isEqualTo("SUCCEEDED");
    }
}
