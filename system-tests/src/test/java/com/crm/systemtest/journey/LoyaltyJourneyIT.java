package com.crm.systemtest.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.crm.systemtest.Http;
import com.crm.systemtest.Summary;
import com.crm.systemtest.SystemUnderTest;
import com.crm.systemtest.Tokens.Client;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * A member's points through the gateway: a customer's purchase enrols them in the default program (1 point per whole
 * currency unit) and lifts them to gold (5,000 points); a reward redeemed spends points once even when retried; a
 * partial refund takes back its share of the purchase's points, and the level stays until its review. The balance is
 * always the sum of the journal.
 */
@Order(5)
class LoyaltyJourneyIT {

    private static final Duration EVENTUALLY = Duration.ofMinutes(2);
    private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);

    private final SystemUnderTest system = SystemUnderTest.get();

    @Test
    void purchasesReachGoldARedemptionSpendsPointsOnceAndARefundTakesItsShareBack() {
        long started = System.nanoTime();
        String frontend = system.tokens().of(Client.FRONTEND);
        String erp = system.tokens().of(Client.ERP);
        String admin = system.tokens().of(Client.ADMIN);

        String customer = id(send("POST", "/api/customers", frontend, """
                {"type":"PERSON","givenName":"Loyal","familyName":"Member %s"}""".formatted(RUN)));
        Instant yesterday = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        id(send("POST", "/api/purchases", erp, """
                {"customerId":"%s","source":"loyalty-journey","erpId":"buy-%s","occurredAt":"%s","amount":"5200.90",
                 "currency":"CNY"}""".formatted(customer, RUN, yesterday)));

        // 5,200.90 CNY: 5,200 points (whole units, rounded down), gold from 5,000
        JsonNode member = await().atMost(EVENTUALLY)
                .until(
                        () -> memberOf(customer, frontend),
                        m -> m != null && m.path("balance").asLong() == 5200);
        assertThat(member.path("level").path("code").asText()).isEqualTo("GOLD");
        assertThat(member.path("memberNumber").asText()).isNotBlank();
        assertThat(member.path("status").asText()).isEqualTo("ACTIVE");

        String reward = id(send("POST", "/api/loyalty/rewards", admin, """
                {"name":"Tea set %s","costPoints":1000,"stock":3}""".formatted(RUN)));
        String redemption = """
                {"rewardId":"%s","quantity":1,"redemptionId":"%s"}""".formatted(reward, UUID.randomUUID());
        Http.Response redeemed =
                send("POST", "/api/loyalty/members/" + customer + "/redemptions", frontend, redemption);
        assertThat(redeemed.status()).as(redeemed.toString()).isEqualTo(201);
        Http.Response retried = send("POST", "/api/loyalty/members/" + customer + "/redemptions", frontend, redemption);
        assertThat(retried.status())
                .as("the same redemptionId is the same redemption")
                .isEqualTo(200);
        assertThat(memberOf(customer, frontend).path("balance").asLong()).isEqualTo(4200);
        assertThat(send("GET", "/api/loyalty/rewards/" + reward, frontend, null)
                        .json()
                        .path("stock")
                        .asInt())
                .isEqualTo(2);

        // half of the purchase refunded: half of its points (2,600) taken back
        id(send("POST", "/api/purchases", erp, """
                {"customerId":"%s","source":"loyalty-journey","erpId":"refund-%s","occurredAt":"%s",
                 "amount":"-2600.45","currency":"CNY","type":"REFUND"}""".formatted(
                        customer, RUN, Instant.now().truncatedTo(ChronoUnit.SECONDS))));
        JsonNode afterRefund = await().atMost(EVENTUALLY)
                .until(
                        () -> memberOf(customer, frontend),
                        m -> m.path("balance").asLong() < 4200);
        assertThat(afterRefund.path("balance").asLong()).isEqualTo(1600);
        assertThat(afterRefund.path("debt").asLong()).isZero();
        assertThat(afterRefund.path("level").path("code").asText())
                .as("a downgrade waits for the review date")
                .isEqualTo("GOLD");

        JsonNode journal = send("GET", "/api/loyalty/members/" + customer + "/journal?limit=100", frontend, null)
                .json();
        long sum = 0;
        for (JsonNode entry : journal.path("items")) {
            sum += entry.path("points").asLong();
        }
        assertThat(sum).as("the balance is the sum of the journal: " + journal).isEqualTo(1600);

        Summary.add(
                "loyalty",
                "purchase → gold → redemption (retried once) → partial refund reversed: balance 5200 → 4200 → 1600 in %d s"
                        .formatted((System.nanoTime() - started) / 1_000_000_000L));
    }

    @Test
    void aCustomerBroughtInEarnsTheReferrerReferralPointsOnce() {
        String frontend = system.tokens().of(Client.FRONTEND);
        String referrer = id(send("POST", "/api/customers", frontend, """
                {"type":"PERSON","givenName":"Referrer","familyName":"Member %s"}""".formatted(RUN)));
        Http.Response enrolled = send("POST", "/api/loyalty/members", frontend, """
                {"customerId":"%s"}""".formatted(referrer));
        assertThat(enrolled.status()).as(enrolled.toString()).isEqualTo(201);
        String friend = id(send("POST", "/api/customers", frontend, """
                {"type":"PERSON","givenName":"Friend","familyName":"Brought In %s"}""".formatted(RUN)));

        // the friend was brought in by the referrer: the referrer earns the default program's 50 points
        Http.Response linked =
                send("POST", "/api/customers/" + friend + "/relationships", frontend, """
                {"toCustomerId":"%s","type":"REFERRED_BY"}""".formatted(referrer));
        assertThat(linked.status()).as(linked.toString()).isEqualTo(201);
        JsonNode member = await().atMost(EVENTUALLY)
                .until(
                        () -> memberOf(referrer, frontend),
                        m -> m != null && m.path("balance").asLong() > 0);
        assertThat(member.path("balance").asLong()).isEqualTo(50);
        JsonNode journal = send("GET", "/api/loyalty/members/" + referrer + "/journal", frontend, null)
                .json();
        assertThat(journal.path("items")).hasSize(1);
        assertThat(journal.path("items").get(0).path("kind").asText()).isEqualTo("REFERRAL");
    }

    private JsonNode memberOf(String customer, String token) {
        Http.Response response = send("GET", "/api/loyalty/members/" + customer, token, null);
        return response.status() == 200 ? response.json() : null;
    }

    private String id(Http.Response response) {
        assertThat(response.status()).as(response.toString()).isIn(200, 201);
        String id = response.json().path("id").asText("");
        assertThat(id).as("an id in %s", response).isNotEmpty();
        return id;
    }

    private Http.Response send(String method, String path, String token, String json) {
        Http.Call call = system.gateway().call(method, path).token(token);
        if (json != null) {
            call.json(json);
        }
        return call.send();
    }
}
