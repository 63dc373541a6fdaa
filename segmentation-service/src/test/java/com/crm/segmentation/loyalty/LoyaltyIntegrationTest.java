package com.crm.segmentation.loyalty;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.events.customer.CustomerRegistered;
import com.crm.contracts.events.customer.CustomerSnapshot;
import com.crm.contracts.events.loyalty.LevelChanged;
import com.crm.contracts.events.loyalty.PointsEarned;
import com.crm.contracts.events.loyalty.PointsRedeemed;
import com.crm.segmentation.TestEvents;
import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmServiceTest;
import com.crm.test.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Loyalty in segmentation: a segment on the level and the balance follows the members as crm.loyalty.v1 reports them,
 * and the KPIs points liability and redemption rate count the day's movements.
 */
@CrmServiceTest
class LoyaltyIntegrationTest {

    private static final String CUSTOMERS = "/crm/customer-service";
    private static final String LOYALTY = "/crm/loyalty-service";

    @LocalServerPort
    int port;

    @Test
    void segmentsOnLevelAndBalanceFollowTheMembersAndTheKpisCountTheDaysMovements() {
        ApiClient admin = ApiClient.of("http://localhost:" + port).withToken(TestTokens.withScopes("crm.admin"));
        String region = "L-" + UUID.randomUUID();
        UUID gold = UUID.randomUUID();
        UUID silver = UUID.randomUUID();
        for (UUID id : List.of(gold, silver)) {
            Instant now = Instant.now();
            TestEvents.publish(
                    CUSTOMERS,
                    new CustomerRegistered(
                            id,
                            new CustomerSnapshot(
                                    id, "PERSON", null, null, null, region, List.of(), null, Map.of(), now, now, 1,
                                    null)));
        }
        ApiResponse created = admin.post("/api/segmentation/segments", """
                {"name":"gold with points in %s","condition":{"all":[{"field":"region","op":"eq","value":"%s"},
                  {"field":"loyaltyLevel","op":"in","value":["GOLD","DIAMOND"]},
                  {"field":"pointsBalance","op":"gte","value":1000}]}}""".formatted(region, region));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String segment = created.json().get("id").asString();

        Instant t = Instant.now();
        UUID goldMember = UUID.randomUUID();
        TestEvents.publish(
                LOYALTY, new PointsEarned(gold, goldMember, UUID.randomUUID(), 5200, 5200, "PURCHASE", null, t));
        TestEvents.publish(LOYALTY, new LevelChanged(gold, goldMember, "BASIC", "GOLD", "QUALIFIED", t));
        TestEvents.publish(
                LOYALTY,
                new PointsEarned(silver, UUID.randomUUID(), UUID.randomUUID(), 1500, 1500, "PURCHASE", null, t));
        TestEvents.publish(LOYALTY, new LevelChanged(silver, UUID.randomUUID(), "BASIC", "SILVER", "QUALIFIED", t));
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> members(admin, segment).equals(Set.of(gold.toString())));

        // spending down to 200 points leaves the segment
        TestEvents.publish(
                LOYALTY,
                new PointsRedeemed(gold, goldMember, UUID.randomUUID(), 5000, 200, "REWARD", UUID.randomUUID(), t));
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> members(admin, segment).isEmpty());

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        ApiResponse recomputed =
                admin.post("/api/kpis/recompute", "{\"from\":\"%s\",\"to\":\"%s\"}".formatted(today, today));
        assertThat(recomputed.status()).as(recomputed.body()).isEqualTo(200);
        JsonNode liability = admin.get("/api/kpis/points_liability?from=%s&to=%s".formatted(today, today))
                .json();
        assertThat(liability.at("/items/0/value").asString()).isEqualTo("1700");
        JsonNode rate = admin.get("/api/kpis/redemption_rate?from=%s&to=%s".formatted(today, today))
                .json();
        // 5,000 redeemed of 6,700 earned
        assertThat(Double.parseDouble(rate.at("/items/0/value").asString()))
                .isCloseTo(5000.0 / 6700.0, org.assertj.core.data.Offset.offset(1e-4));
    }

    private static Set<String> members(ApiClient api, String segment) {
        Set<String> ids = new HashSet<>();
        api.get("/api/segmentation/segments/" + segment + "/members")
                .json()
                .get("items")
                .forEach(i -> ids.add(i.get("customerId").asString()));
        return ids;
    }
}
