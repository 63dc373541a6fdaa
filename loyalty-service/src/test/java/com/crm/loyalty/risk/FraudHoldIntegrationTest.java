package com.crm.loyalty.risk;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.events.ActorRef;
import com.crm.contracts.events.customer.CustomerRiskCleared;
import com.crm.contracts.events.customer.CustomerRiskConfirmed;
import com.crm.loyalty.LoyaltyIntegrationTest;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.TestEvents;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A confirmed fraud earns no points and gets no coupon, nor redeems one it had; a newer clearance lifts the hold. */
class FraudHoldIntegrationTest extends LoyaltyIntegrationTest {

    private boolean held(UUID customer) {
        return jdbc.sql("select exists (select 1 from customer_risk where customer_id = :c and held)")
                .param("c", customer)
                .query(Boolean.class)
                .single();
    }

    private ApiResponse issue(UUID... customers) {
        StringBuilder ids = new StringBuilder();
        for (UUID c : customers) {
            ids.append(ids.isEmpty() ? "" : ",").append('"').append(c).append('"');
        }
        return writer.post(
                "/api/loyalty/coupons",
                "{\"customerIds\":[%s],\"campaign\":\"risk\",\"validUntil\":\"%s\"}"
                        .formatted(ids, Instant.now().plus(30, ChronoUnit.DAYS)));
    }

    @Test
    void aConfirmedFraudEarnsNoPointsAndGetsNoCouponsUntilCleared() {
        UUID fraud = UUID.randomUUID();
        UUID honest = UUID.randomUUID();
        ApiResponse before = issue(fraud);
        assertThat(before.status()).as(before.body()).isEqualTo(201);
        String code = before.json().get("coupons").get(0).get("code").asString();

        UUID review = UUID.randomUUID();
        Instant confirmedAt = Instant.now();
        TestEvents.publish(
                CUSTOMER_SERVICE,
                new CustomerRiskConfirmed(
                        fraud, review, "0.9", List.of("SHARED_PHONE"), confirmedAt, new ActorRef("USER", "alice")));
        await(() -> held(fraud));

        UUID bought = UUID.randomUUID();
        purchase(fraud, bought, "100.00", Instant.now());
        awaitAccrued(bought);
        assertThat(balance(fraud))
                .as("a held customer's purchase is recorded with 0 points")
                .isZero();

        ApiResponse refused = issue(honest, fraud);
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("errors").toString())
                .contains("customerIds[1]")
                .doesNotContain("customerIds[0]");
        ApiResponse redeem = writer.post("/api/loyalty/coupons/" + code + "/redemption", null);
        assertThat(redeem.status()).as(redeem.body()).isEqualTo(422);

        TestEvents.publish(
                CUSTOMER_SERVICE,
                new CustomerRiskCleared(
                        fraud, review, "0.9", confirmedAt.plusSeconds(1), new ActorRef("USER", "maria")));
        await(() -> !held(fraud));
        UUID later = UUID.randomUUID();
        purchase(fraud, later, "100.00", Instant.now());
        awaitAccrued(later);
        assertThat(balance(fraud)).isEqualTo(100);
        assertThat(writer.post("/api/loyalty/coupons/" + code + "/redemption", null)
                        .status())
                .isEqualTo(200);
    }
}
