package com.crm.customer.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.crm.contracts.cloudevents.CrmEventCodec.EncodedEvent;
import com.crm.contracts.events.loyalty.CouponRedeemed;
import com.crm.contracts.events.loyalty.PointsReversed;
import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmServiceTest;
import com.crm.test.TestEvents;
import com.crm.test.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Coupon and points abuse from loyalty-service's events (published here as loyalty-service would): a campaign redeemed
 * by three profiles on one e-mail address, beside a stranger redeeming the same campaign; refunds of purchases whose
 * points were already spent; redelivery, a merge and an erasure. Every customer has its own random e-mail, so other
 * tests' data cannot join the clusters.
 */
@CrmServiceTest
class RiskLoyaltyIntegrationTest {

    private static final String LOYALTY = "/crm/loyalty-service";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private ApiClient erp;
    private ApiClient admin;

    @BeforeEach
    void clients() {
        ApiClient base = ApiClient.of("http://localhost:" + port);
        erp = base.withToken(TestTokens.forClient("crm-erp-integrator", "crm.read", "crm.write", "crm.integration"));
        admin = base.withToken(TestTokens.forUser("admin", "admin", null, "crm.read", "crm.write", "crm.admin"));
    }

    private static String randomEmail() {
        return "ring-" + UUID.randomUUID().toString().substring(0, 12) + "@example.test";
    }

    private UUID customer(String name, String email) {
        ApiResponse created = erp.post("/api/customers", """
                {"type":"PERSON","givenName":"%s","emails":[{"address":"%s"}],"teamId":"north"}""".formatted(name, email));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return UUID.fromString(created.json().get("id").asString());
    }

    private static void redeemed(UUID customer, String campaign) {
        TestEvents.publish(
                LOYALTY,
                new CouponRedeemed(
                        customer, UUID.randomUUID(), campaign, Instant.now().minus(1, ChronoUnit.DAYS)));
    }

    private static EncodedEvent reversed(UUID customer, long debt) {
        return TestEvents.publish(
                LOYALTY,
                new PointsReversed(
                        customer,
                        UUID.randomUUID(),
                        UUID.randomUUID(),
                        UUID.randomUUID(),
                        500,
                        debt,
                        0,
                        Instant.now().minus(2, ChronoUnit.DAYS)));
    }

    private Optional<JsonNode> signal(UUID customer, String kind) {
        ApiResponse risk = admin.get("/api/customers/" + customer + "/risk");
        assertThat(risk.status()).as(risk.body()).isEqualTo(200);
        for (JsonNode s : risk.json().get("signals")) {
            if (s.get("kind").asString().equals(kind)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    private JsonNode awaitSignal(UUID customer, String kind, String reasonPart) {
        return await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> signal(customer, kind)
                                .filter(s -> s.get("reason").asString().contains(reasonPart))
                                .orElse(null),
                        s -> s != null);
    }

    private long facts(UUID customer) {
        return jdbc.sql("select count(*) from risk_loyalty_fact where customer_id = :c")
                .param("c", customer)
                .query(Long.class)
                .single();
    }

    @Test
    void aCampaignRedeemedByProfilesOnOneEmailIsCouponAbuseAndAStrangerIsNot() {
        String email = randomEmail();
        String campaign = "SPRING-" + UUID.randomUUID().toString().substring(0, 6);
        List<UUID> ring = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ring.add(customer("Coupon ring " + i, email));
        }
        UUID stranger = customer("Coupon stranger", randomEmail());
        ring.forEach(c -> redeemed(c, campaign));
        redeemed(stranger, campaign);

        for (UUID member : ring) {
            JsonNode s = awaitSignal(member, "COUPON_ABUSE", "as did 2 other profiles");
            assertThat(s.get("reason").asString()).contains("'" + campaign + "'");
            assertThat(s.get("strength").asDouble()).isEqualTo(0.5);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> facts(stranger) == 1);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> jdbc.sql("select not exists (select 1 from risk_dirty where customer_id = :c)"
                                + " and exists (select 1 from risk_score where customer_id = :c)")
                        .param("c", stranger)
                        .query(Boolean.class)
                        .single());
        assertThat(signal(stranger, "COUPON_ABUSE")).isEmpty();
    }

    @Test
    void refundsOfSpentPointsArePointsAbuseOnceEachAndFollowAMergeUntilAnErasure() {
        UUID farmer = customer("Points farmer", randomEmail());
        EncodedEvent first = reversed(farmer, 200);
        reversed(farmer, 150);
        reversed(farmer, 0); // a refund whose points were still there is no abuse
        JsonNode s = awaitSignal(farmer, "POINTS_ABUSE", "2 refunds of purchases whose points were already spent");
        assertThat(s.get("reason").asString()).contains("350 points owed");
        assertThat(facts(farmer)).isEqualTo(2);

        // the same event again adds nothing
        TestEvents.send(first);
        reversed(farmer, 1);
        await().atMost(Duration.ofSeconds(60)).until(() -> facts(farmer) == 3);
        assertThat(jdbc.sql("select count(*) from risk_loyalty_fact where event_id = :id")
                        .param("id", first.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);

        // a merge carries the facts to the survivor
        UUID survivor = customer("Points survivor", randomEmail());
        ApiResponse merge = admin.post(
                "/api/customers/merge", "{\"survivorId\":\"" + survivor + "\",\"mergedIds\":[\"" + farmer + "\"]}");
        assertThat(merge.status()).as(merge.body()).isEqualTo(200);
        awaitSignal(survivor, "POINTS_ABUSE", "3 refunds");
        assertThat(facts(survivor)).isEqualTo(3);

        // an event naming the merged id lands on the survivor
        reversed(farmer, 40);
        await().atMost(Duration.ofSeconds(60)).until(() -> facts(survivor) == 4);

        // an erasure leaves nothing behind
        assertThat(admin.post("/api/customers/" + survivor + "/erasure", "").status())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> facts(survivor) == 0);
    }
}
