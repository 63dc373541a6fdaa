package com.crm.loyalty.reward;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.loyalty.LoyaltyIntegrationTest;
import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Redemptions: idempotent by redemptionId, race-safe on stock and balance, refused with problems. */
class PointsRedemptionIntegrationTest extends LoyaltyIntegrationTest {

    private String reward(long cost, Integer stock) {
        ApiResponse created = configurer.post(
                "/api/loyalty/rewards", "{\"name\":\"Mug\",\"costPoints\":%d,\"stock\":%s}".formatted(cost, stock));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private UUID memberWith(long points) {
        UUID customer = UUID.randomUUID();
        UUID p = UUID.randomUUID();
        purchase(customer, p, points + ".00", Instant.now());
        awaitAccrued(p);
        return customer;
    }

    private static String redemption(String reward, int quantity, UUID id) {
        return "{\"rewardId\":\"%s\",\"quantity\":%d,\"redemptionId\":\"%s\"}".formatted(reward, quantity, id);
    }

    @Test
    void theSameRedemptionIdAnswersTheFirstRedemptionWithoutASecondDebit() {
        UUID customer = memberWith(500);
        String reward = reward(100, 10);
        UUID id = UUID.randomUUID();
        ApiResponse first = writer.post("/api/loyalty/members/" + customer + "/redemptions", redemption(reward, 2, id));
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(first.json().get("points").asLong()).isEqualTo(200);
        assertThat(first.json().get("balanceAfter").asLong()).isEqualTo(300);

        ApiResponse again = writer.post("/api/loyalty/members/" + customer + "/redemptions", redemption(reward, 2, id));
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(balance(customer)).isEqualTo(300);
        assertThat(reader.get("/api/loyalty/rewards/" + reward)
                        .json()
                        .get("stock")
                        .asInt())
                .isEqualTo(8);

        ApiResponse other = writer.post("/api/loyalty/members/" + customer + "/redemptions", redemption(reward, 1, id));
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.json().get("errors").get(0).get("field").asString()).isEqualTo("redemptionId");
        assertLedgerInvariant();
    }

    @Test
    void insufficientPointsAre422AndNothingIsTaken() {
        UUID customer = memberWith(50);
        String reward = reward(100, 3);
        ApiResponse refused = writer.post(
                "/api/loyalty/members/" + customer + "/redemptions", redemption(reward, 1, UUID.randomUUID()));
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(balance(customer)).isEqualTo(50);
        assertThat(reader.get("/api/loyalty/rewards/" + reward)
                        .json()
                        .get("stock")
                        .asInt())
                .isEqualTo(3);
    }

    @Test
    void twentyConcurrentRedemptionsOfTheLastFiveUnitsYieldExactlyFive() throws Exception {
        String reward = reward(100, 5);
        List<UUID> customers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            // each member can afford one and a half units: the second of its two requests must fail on points
            // or stock, never overspend
            customers.add(memberWith(150));
        }
        List<Callable<Integer>> calls = new ArrayList<>();
        for (UUID customer : customers) {
            for (int i = 0; i < 2; i++) {
                ApiClient client = writer;
                calls.add(() -> client.post(
                                "/api/loyalty/members/" + customer + "/redemptions",
                                redemption(reward, 1, UUID.randomUUID()))
                        .status());
            }
        }
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(20)) {
            for (Future<Integer> f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
        }
        assertThat(statuses.stream().filter(s -> s == 201).count()).isEqualTo(5);
        assertThat(statuses).allMatch(s -> s == 201 || s == 409 || s == 422);
        assertThat(reader.get("/api/loyalty/rewards/" + reward)
                        .json()
                        .get("stock")
                        .asInt())
                .isZero();
        long spent = customers.stream().mapToLong(c -> 150 - balance(c)).sum();
        assertThat(spent).isEqualTo(500);
        assertThat(customers).allMatch(c -> balance(c) >= 0);
        assertLedgerInvariant();
    }

    @Test
    void badInputIsAProblemNamingEachField() {
        UUID customer = memberWith(10);
        ApiResponse bad =
                writer.post("/api/loyalty/members/" + customer + "/redemptions", "{\"quantity\":0,\"rewardId\":null}");
        assertThat(bad.status()).as(bad.body()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        List<String> fields = new ArrayList<>();
        bad.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).contains("rewardId", "quantity", "redemptionId");

        ApiResponse reward = configurer.post("/api/loyalty/rewards", "{\"name\":\"\",\"costPoints\":0,\"stock\":-1}");
        assertThat(reward.status()).isEqualTo(400);
        List<String> rewardFields = new ArrayList<>();
        reward.json().get("errors").forEach(e -> rewardFields.add(e.get("field").asString()));
        assertThat(rewardFields).contains("name", "costPoints", "stock");

        ApiResponse adjustment =
                writer.post("/api/loyalty/members/" + customer + "/adjustments", "{\"points\":0,\"reason\":\" \"}");
        assertThat(adjustment.status()).isEqualTo(400);
        assertThat(adjustment.body()).contains("reason");

        assertThat(writer.post("/api/loyalty/rewards", "{\"name\":\"x\",\"costPoints\":1}")
                        .status())
                .as("the catalogue needs crm.config")
                .isEqualTo(403);
        assertThat(reader.get("/api/loyalty/expiring?within=P2Y").status()).isEqualTo(400);
        assertThat(reader.get("/api/loyalty/members/" + customer + "/journal?cursor=zzz")
                        .status())
                .isEqualTo(400);
    }
}
