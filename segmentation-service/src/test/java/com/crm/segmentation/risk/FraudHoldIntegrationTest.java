package com.crm.segmentation.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.crm.contracts.events.ActorRef;
import com.crm.contracts.events.customer.CustomerRegistered;
import com.crm.contracts.events.customer.CustomerRiskCleared;
import com.crm.contracts.events.customer.CustomerRiskConfirmed;
import com.crm.contracts.events.customer.CustomerSnapshot;
import com.crm.segmentation.TestEvents;
import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmServiceTest;
import com.crm.test.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** crm.customer.risk-confirmed takes the customer out of offers within seconds; a newer clearance gives them back. */
@CrmServiceTest
class FraudHoldIntegrationTest {

    private static final String SOURCE = "/crm/customer-service";

    @LocalServerPort
    int port;

    @Test
    void aConfirmedFraudLeavesOffersWithinSecondsAndANewerClearanceBringsThemBack() {
        ApiClient api =
                ApiClient.of("http://localhost:" + port).withToken(TestTokens.withScopes("crm.read", "crm.write"));
        UUID customer = UUID.randomUUID();
        Instant now = Instant.now();
        TestEvents.publish(
                SOURCE,
                new CustomerRegistered(
                        customer,
                        new CustomerSnapshot(
                                customer,
                                "PERSON",
                                null,
                                null,
                                "retail",
                                "Shanghai",
                                List.of(),
                                null,
                                Map.of(),
                                now,
                                now,
                                1,
                                null,
                                null)));
        JsonNode offered = await().atMost(Duration.ofSeconds(30))
                .until(() -> api.get("/api/customers/" + customer + "/offers"), r -> r.status() == 200)
                .json();
        assertThat(offered.get("withheld").isNull()).as(offered.toString()).isTrue();

        UUID review = UUID.randomUUID();
        Instant confirmedAt = Instant.now();
        TestEvents.publish(
                SOURCE,
                new CustomerRiskConfirmed(
                        customer,
                        review,
                        "0.812000",
                        List.of("SHARED_PHONE", "REFUND_RATIO"),
                        confirmedAt,
                        new ActorRef("USER", "alice")));
        JsonNode withheld = await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> api.get("/api/customers/" + customer + "/offers").json(),
                        o -> !o.get("withheld").isNull());
        assertThat(withheld.get("withheld").asString()).isEqualTo("CONFIRMED_FRAUD");
        assertThat(withheld.get("items")).isEmpty();

        // a clearance newer than the confirmation (a confirmation undone) lifts the hold
        TestEvents.publish(
                SOURCE,
                new CustomerRiskCleared(
                        customer, review, "0.8", confirmedAt.plusSeconds(1), new ActorRef("USER", "maria")));
        await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> api.get("/api/customers/" + customer + "/offers").json(),
                        o -> o.get("withheld").isNull());
        ApiResponse after = api.get("/api/customers/" + customer + "/offers");
        assertThat(after.status()).isEqualTo(200);
    }
}
