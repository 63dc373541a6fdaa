package com.crm.segmentation.offer;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.events.feedback.ComplaintOpened;
import com.crm.contracts.events.feedback.ComplaintResolved;
import com.crm.contracts.events.purchase.PurchaseLine;
import com.crm.contracts.events.purchase.PurchaseRecorded;
import com.crm.segmentation.TestEvents;
import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmServiceTest;
import com.crm.test.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A fixed basket set (the only purchase lines of the test database) through Kafka, a full run, and offers equal to
 * the hand computation below; exclusions of what was bought, declined or complained about.
 *
 * <pre>
 * baskets (customer-day), N = 7: c1 {A,B} {C}; c2 {A,B,C}; c3 {A,B}; c4 {B,D}; c5 {A,C,E}; t {A}
 *   n(A)=5 n(B)=4 n(C)=3 n(D)=1 n(E)=1; AB 3, AC 2, BC 1, BD 1, AE 1, CE 1
 *   A→B conf 3/5 = 0.6, lift 0.6 / (4/7) = 1.05;  A→C lift 0.93 (dropped, min lift 1);  A→E conf 0.2, lift 1.4
 *   B→D conf 1/4, lift 1.75
 * histories, N = 6: {A,B,C} {A,B,C} {A,B} {B,D} {A,C,E} {A}
 *   A→C conf 3/5 = 0.6, lift 0.6 / (3/6) = 1.2;  A→B lift 0.9 (dropped);  A→E conf 0.2, lift 1.2;  B→C conf 0.5,
 *   lift 1.0;  B→D conf 0.25, lift 1.5
 * offers for t (bought A): C 0.6 (history A→C, lift 1.2 beats basket A→B's 1.05 at equal confidence), B 0.6, E 0.2
 * offers for c3 (bought A, B): C 0.6, D 0.25 (basket B→D, lift 1.75), E 0.2 — never A or B
 * </pre>
 */
@CrmServiceTest
class OffersIntegrationTest {

    private static final String SOURCE = "/crm/customer-service";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private static int lines;

    private static void basket(UUID customer, int daysAgo, String... skus) {
        List<PurchaseLine> items = new ArrayList<>();
        Arrays.stream(skus).forEach(s -> items.add(new PurchaseLine(s, "product " + s, "cat", 1, "10.00", "10.00")));
        lines += skus.length;
        TestEvents.sendAsync(
                SOURCE,
                new PurchaseRecorded(
                        customer,
                        UUID.randomUUID(),
                        "erp",
                        null,
                        Instant.now().minus(daysAgo, ChronoUnit.DAYS),
                        "%d.00".formatted(10 * skus.length),
                        "CNY",
                        skus.length,
                        "store",
                        items));
    }

    private static List<String> products(JsonNode offers) {
        List<String> products = new ArrayList<>();
        offers.get("items").forEach(o -> products.add(o.get("productCode").asString()));
        return products;
    }

    @Test
    void offersOnAFixedBasketSetEqualTheHandComputationAndRespectExclusions() {
        ApiClient api =
                ApiClient.of("http://localhost:" + port).withToken(TestTokens.withScopes("crm.read", "crm.write"));
        UUID c1 = UUID.randomUUID();
        UUID c2 = UUID.randomUUID();
        UUID c3 = UUID.randomUUID();
        UUID c4 = UUID.randomUUID();
        UUID c5 = UUID.randomUUID();
        UUID t = UUID.randomUUID();
        basket(c1, 20, "A", "B");
        basket(c1, 10, "C");
        basket(c2, 15, "A", "B", "C");
        basket(c3, 12, "A", "B");
        basket(c4, 11, "B", "D");
        basket(c5, 9, "A", "C", "E");
        basket(t, 5, "A");
        TestEvents.flush();
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> jdbc.sql("select count(*) from purchase_line")
                                .query(Integer.class)
                                .single()
                        == lines);

        ApiResponse started = api.post("/api/segmentation/runs", "{}");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String runId = started.json().get("id").asString();
        Awaitility.await()
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !"RUNNING"
                        .equals(api.get("/api/segmentation/runs/" + runId)
                                .json()
                                .get("status")
                                .asString()));
        assertThat(api.get("/api/segmentation/runs/" + runId)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("SUCCEEDED");

        JsonNode offers = api.get("/api/customers/" + t + "/offers?limit=5").json();
        assertThat(products(offers)).containsExactly("C", "B", "E");
        JsonNode c = offers.get("items").get(0);
        assertThat(c.get("score").asString()).isEqualTo("0.6000");
        assertThat(c.get("explanation").asString()).isEqualTo("bought A; customers who bought A bought C, lift 1.2");
        assertThat(c.get("rule").get("kind").asString()).isEqualTo("HISTORY");
        assertThat(c.get("rule").get("support").asString()).isEqualTo("0.5000");
        JsonNode b = offers.get("items").get(1);
        assertThat(b.get("score").asString()).isEqualTo("0.6000");
        assertThat(b.get("rule").get("kind").asString()).isEqualTo("BASKET");
        assertThat(b.get("rule").get("lift").asString()).isEqualTo("1.0500");
        assertThat(b.get("explanation").asString())
                .isEqualTo("bought A; customers who bought A bought B in the same basket, lift 1.05");
        JsonNode e = offers.get("items").get(2);
        assertThat(e.get("score").asString()).isEqualTo("0.2000");
        assertThat(e.get("rule").get("lift").asString()).isEqualTo("1.4000");
        assertThat(products(api.get("/api/customers/" + t + "/offers?limit=1").json()))
                .containsExactly("C");

        // what was bought is never offered
        assertThat(products(api.get("/api/customers/" + c3 + "/offers").json())).containsExactly("C", "D", "E");

        // a declined offer is left out (recorded once, even when the POST is retried with its Idempotency-Key)
        ApiClient retrying = api.withHeader("Idempotency-Key", "decline-" + t);
        ApiResponse declined = retrying.post(
                "/api/customers/" + t + "/offers/declines", "{\"productCode\":\"C\",\"reason\":\"not interested\"}");
        assertThat(declined.status()).as(declined.body()).isEqualTo(201);
        ApiResponse again = retrying.post(
                "/api/customers/" + t + "/offers/declines", "{\"productCode\":\"C\",\"reason\":\"not interested\"}");
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(api.get("/api/customers/" + t + "/offers/declines").json().get("items"))
                .hasSize(1);
        JsonNode afterDecline = api.get("/api/customers/" + t + "/offers").json();
        assertThat(products(afterDecline)).containsExactly("B", "E");
        assertThat(afterDecline.get("excluded").toString()).contains("\"A\"", "\"C\"");

        // an open complaint about B leaves it out until the complaint is resolved
        UUID complaint = UUID.randomUUID();
        Instant now = Instant.now();
        TestEvents.publish(
                "/crm/feedback-service",
                new ComplaintOpened(
                        t, complaint, "quality", "LOW", "WEB", null, now, now.plus(1, ChronoUnit.DAYS), "B"));
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> products(api.get("/api/customers/" + t + "/offers").json())
                        .equals(List.of("E")));
        TestEvents.publish(
                "/crm/feedback-service",
                new ComplaintResolved(
                        t, complaint, "quality", "LOW", now, now.plus(1, ChronoUnit.DAYS), Instant.now(), true));
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> products(api.get("/api/customers/" + t + "/offers").json())
                        .equals(List.of("B", "E")));

        // the decline is a resource (its Location answers); withdrawn, C is offered again at once
        String location = declined.header("Location");
        assertThat(location)
                .isEqualTo("/api/customers/" + t + "/offers/declines/"
                        + declined.json().get("id").asString());
        assertThat(api.get(location).json().get("productCode").asString()).isEqualTo("C");
        assertThat(api.get("/api/customers/" + c3 + "/offers/declines/"
                                + declined.json().get("id").asString())
                        .status())
                .as("another customer's decline")
                .isEqualTo(404);
        ApiResponse readOnly = ApiClient.of("http://localhost:" + port)
                .withToken(TestTokens.withScopes("crm.read"))
                .delete(location);
        assertThat(readOnly.status()).as("withdrawing needs crm.write").isEqualTo(403);
        assertThat(api.delete(location).status()).isEqualTo(204);
        assertThat(products(api.get("/api/customers/" + t + "/offers").json())).containsExactly("C", "B", "E");
        assertThat(api.get(location).status()).isEqualTo(404);
        assertThat(api.delete(location).status()).as("withdrawing again").isEqualTo(204);
    }

    @Test
    void badInputIsAProblemNamingTheField() {
        ApiClient api =
                ApiClient.of("http://localhost:" + port).withToken(TestTokens.withScopes("crm.read", "crm.write"));
        assertThat(api.get("/api/customers/" + UUID.randomUUID() + "/offers").status())
                .isEqualTo(404);
        UUID someone = UUID.randomUUID();
        TestEvents.publish(
                SOURCE,
                new PurchaseRecorded(
                        someone, UUID.randomUUID(), "erp", null, Instant.now(), "1.00", "CNY", 1, "store", null));
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> api.get("/api/customers/" + someone + "/offers").status() == 200);
        ApiResponse badLimit = api.get("/api/customers/" + someone + "/offers?limit=500");
        assertThat(badLimit.status()).isEqualTo(400);
        assertThat(badLimit.contentType()).startsWith("application/problem+json");
        assertThat(badLimit.json().get("errors").get(0).get("field").asString()).isEqualTo("limit");
        ApiResponse badDecline = api.post(
                "/api/customers/" + someone + "/offers/declines",
                "{\"productCode\":\"\",\"reason\":\"" + "x".repeat(501) + "\"}");
        assertThat(badDecline.status()).isEqualTo(400);
        assertThat(badDecline.json().get("errors").toString()).contains("productCode", "reason");
    }
}
