package com.crm.customer.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.crm.contracts.Topics;
import com.crm.contracts.events.customer.CustomerRiskCleared;
import com.crm.contracts.events.customer.CustomerRiskConfirmed;
import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmServiceTest;
import com.crm.test.EventCapture;
import com.crm.test.TestTokens;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A ring of five profiles on one phone (four of alice's, one of bob's team) buying and refunding, beside an honest heavy
 * buyer: scores, reasons, the review queue with record-level access, decisions and their events, and a clearance that
 * holds until new evidence appears. Every customer here has its own random phone, so other tests' data cannot join
 * its clusters.
 */
@CrmServiceTest
class RiskIntegrationTest {

    @RegisterExtension
    static final EventCapture events = EventCapture.of(Topics.CUSTOMER);

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private ApiClient erp;
    private ApiClient alice;
    private ApiClient admin;

    @BeforeEach
    void clients() {
        ApiClient base = ApiClient.of("http://localhost:" + port);
        erp = base.withToken(TestTokens.forClient("crm-erp-integrator", "crm.read", "crm.write", "crm.integration"));
        alice = base.withToken(TestTokens.forUser("alice", "agent", "north", "crm.read", "crm.write"));
        admin = base.withToken(TestTokens.forUser("admin", "admin", null, "crm.read", "crm.write", "crm.admin"));
    }

    private static String randomMobile() {
        return "+86 139 " + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }

    private String customer(String name, String phone, String owner, String team) {
        ApiResponse created = erp.post("/api/customers", """
                {"type":"PERSON","givenName":"%s","phones":[{"number":"%s"}],"ownerId":"%s","teamId":"%s"}""".formatted(name, phone, owner, team));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    /** Purchases ({@code amount} > 0) or refunds (< 0), {@code daysAgo[i]} days back each. */
    private void ledger(String customerId, String amount, int... daysAgo) {
        List<String> items = new ArrayList<>();
        Instant now = Instant.now();
        for (int days : daysAgo) {
            items.add("""
                    {"customerId":"%s","source":"shop","erpId":"%s","occurredAt":"%s","amount":"%s","currency":"CNY"}""".formatted(
                            customerId,
                            UUID.randomUUID(),
                            now.minus(days, ChronoUnit.DAYS).minusSeconds(60),
                            amount));
        }
        ApiResponse batch = erp.post("/api/purchases/batch", "{\"items\":[" + String.join(",", items) + "]}");
        assertThat(batch.status()).as(batch.body()).isEqualTo(200);
        assertThat(batch.json().at("/summary/created").asInt()).as(batch.body()).isEqualTo(daysAgo.length);
    }

    private JsonNode risk(ApiClient as, String customerId) {
        ApiResponse response = as.get("/api/customers/" + customerId + "/risk");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private Map<String, JsonNode> openQueue(ApiClient as) {
        Map<String, JsonNode> byCustomer = new HashMap<>();
        String cursor = null;
        do {
            ApiResponse page =
                    as.get("/api/risk/reviews?status=OPEN&limit=100" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            page.json()
                    .get("items")
                    .forEach(r -> byCustomer.put(r.get("customerId").asString(), r));
            cursor = page.json().get("nextCursor").isNull()
                    ? null
                    : page.json().get("nextCursor").asString();
        } while (cursor != null);
        return byCustomer;
    }

    private void awaitScoredAfter(String customerId, Instant after) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.sql("""
                                select exists (select 1 from risk_score where customer_id = :id and computed_at > :after)
                                   and not exists (select 1 from risk_dirty where customer_id = :id)""")
                        .param("id", UUID.fromString(customerId))
                        .param("after", Timestamp.from(after))
                        .query(Boolean.class)
                        .single());
    }

    @Test
    void aRingOnOnePhoneOutscoresAnHonestHeavyBuyerAndIsReviewedConfirmedAndCleared() {
        String phone = randomMobile();
        List<String> ring = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ring.add(customer("Ring " + i, phone, "alice", "north"));
        }
        String hidden = customer("Ring south", phone, "bob", "south");
        ring.add(hidden);
        for (String member : ring) {
            ledger(member, "300.00", 50, 40, 30, 20);
            ledger(member, "-300.00", 15, 10, 5);
        }
        String honest = customer("Honest heavy buyer", randomMobile(), "alice", "north");
        int[] days = new int[40];
        for (int i = 0; i < days.length; i++) {
            days[i] = 5 + i * 7;
        }
        ledger(honest, "500.00", days);
        ledger(honest, "-500.00", 100);

        JsonNode member = risk(alice, ring.getFirst());
        JsonNode buyer = risk(alice, honest);
        assertThat(member.get("score").asDouble())
                .as(member.toString())
                .isGreaterThan(buyer.get("score").asDouble())
                .isGreaterThanOrEqualTo(0.5);
        assertThat(member.get("flagged").asBoolean()).isTrue();
        assertThat(buyer.get("flagged").asBoolean()).as(buyer.toString()).isFalse();
        String masked = "+86 139…" + phone.substring(phone.length() - 2);
        assertThat(member.get("signals").get(0).get("kind").asString()).isEqualTo("SHARED_PHONE");
        assertThat(member.get("signals").get(0).get("reason").asString())
                .isEqualTo("shares phone " + masked + " with 4 other profiles");
        assertThat(member.toString()).doesNotContain(phone.replace(" ", "").substring(3));
        double contributions = 0;
        for (JsonNode s : member.get("signals")) {
            contributions += s.get("contribution").asDouble();
        }
        assertThat(contributions).isCloseTo(member.get("score").asDouble(), org.assertj.core.data.Offset.offset(1e-5));

        // the sweep opens a review per ring member (on the shared phone alone, as soon as the profiles exist) and
        // refreshes it once the refunds are scored; alice sees her four, never bob's team's fifth nor the buyer
        Map<String, JsonNode> queue = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> openQueue(admin),
                        q -> q.keySet().containsAll(ring)
                                && ring.stream()
                                        .allMatch(m -> q.get(m)
                                                .get("signals")
                                                .toString()
                                                .contains("REFUND_RATIO")));
        assertThat(queue).doesNotContainKey(honest);
        Map<String, JsonNode> alices = openQueue(alice);
        assertThat(alices).containsKeys(ring.subList(0, 4).toArray(String[]::new));
        assertThat(alices).doesNotContainKey(hidden);
        assertThat(alice.get("/api/customers/" + hidden + "/risk").status()).isEqualTo(404);
        String hiddenReview = queue.get(hidden).get("id").asString();
        ApiResponse notHers =
                alice.post("/api/risk/reviews/" + hiddenReview + "/decision", "{\"decision\":\"CONFIRMED\"}");
        assertThat(notHers.status()).isEqualTo(404);
        assertThat(notHers.contentType()).startsWith("application/problem+json");

        // confirm: recorded with the caller and published
        String confirmed = ring.get(0);
        String confirmedReview = queue.get(confirmed).get("id").asString();
        ApiResponse decided = alice.post(
                "/api/risk/reviews/" + confirmedReview + "/decision",
                "{\"decision\":\"CONFIRMED\",\"note\":\"same phone, refunds every week\"}");
        assertThat(decided.status()).as(decided.body()).isEqualTo(200);
        assertThat(decided.json().get("status").asString()).isEqualTo("CONFIRMED");
        assertThat(decided.json().get("decidedBy").asString()).isEqualTo("alice");
        assertThat(decided.json().get("note").asString()).isEqualTo("same phone, refunds every week");
        CustomerRiskConfirmed event =
                events.await("crm.customer.risk-confirmed", confirmed).data(CustomerRiskConfirmed.class);
        assertThat(event.reviewId().toString()).isEqualTo(confirmedReview);
        assertThat(event.signals()).contains("SHARED_PHONE", "REFUND_RATIO");
        assertThat(event.actor().id()).isEqualTo("alice");
        ApiResponse again = alice.post(
                "/api/risk/reviews/" + confirmedReview + "/decision", "{\"decision\":\"CONFIRMED\",\"note\":\"x\"}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("decidedAt").asString())
                .isEqualTo(decided.json().get("decidedAt").asString());
        assertThat(openQueue(alice)).doesNotContainKey(confirmed);

        // clear: the same evidence does not reopen it
        String cleared = ring.get(1);
        ApiResponse clear = alice.post(
                "/api/risk/reviews/" + queue.get(cleared).get("id").asString() + "/decision",
                "{\"decision\":\"CLEARED\",\"note\":\"family shop phone\"}");
        assertThat(clear.status()).as(clear.body()).isEqualTo(200);
        events.await("crm.customer.risk-cleared", cleared).data(CustomerRiskCleared.class);
        Instant clearedAt = Instant.parse(clear.json().get("decidedAt").asString());
        ledger(cleared, "1.00", 1);
        awaitScoredAfter(cleared, clearedAt);
        assertThat(jdbc.sql("select score from risk_score where customer_id = :id")
                        .param("id", UUID.fromString(cleared))
                        .query(Double.class)
                        .single())
                .isGreaterThanOrEqualTo(0.5);
        assertThat(openQueue(admin)).doesNotContainKey(cleared);

        // new evidence (a refund spree) reopens it
        ledger(cleared, "-300.00", 3, 2, 1);
        JsonNode reopened = await().atMost(Duration.ofSeconds(30))
                .until(() -> openQueue(alice).get(cleared), r -> r != null);
        assertThat(reopened.toString()).contains("refunds in the last 30 days");
    }

    @Test
    void badInputIsAProblemNamingTheFields() {
        String review = UUID.randomUUID().toString();
        ApiResponse bad = alice.post(
                "/api/risk/reviews/" + review + "/decision",
                "{\"decision\":\"MAYBE\",\"note\":\"" + "n".repeat(10) + "\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        assertThat(bad.json().get("errors").toString()).contains("\"decision\"");

        ApiResponse missing =
                alice.post("/api/risk/reviews/" + review + "/decision", "{\"note\":\"" + "n".repeat(2001) + "\"}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("errors").toString()).contains("\"decision\"", "\"note\"");

        ApiResponse empty = alice.post("/api/risk/reviews/" + review + "/decision", "");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("errors").toString()).contains("\"decision\"");

        ApiResponse status = alice.get("/api/risk/reviews?status=MAYBE&limit=0");
        assertThat(status.status()).isEqualTo(400);
        assertThat(status.contentType()).startsWith("application/problem+json");
        assertThat(status.json().get("errors").toString()).contains("\"status\"");

        ApiResponse limit = alice.get("/api/risk/reviews?limit=501");
        assertThat(limit.status()).isEqualTo(400);
        assertThat(limit.json().get("errors").toString()).contains("\"limit\"");

        ApiResponse cursor = alice.get("/api/risk/reviews?cursor=not-a-cursor");
        assertThat(cursor.status()).isEqualTo(400);
        assertThat(cursor.json().get("errors").toString()).contains("\"cursor\"");

        assertThat(alice.get("/api/customers/not-a-uuid/risk").status()).isEqualTo(400);
        assertThat(alice.get("/api/customers/" + UUID.randomUUID() + "/risk").status())
                .isEqualTo(404);
        assertThat(alice.post("/api/risk/reviews/" + review + "/decision", "{\"decision\":\"CLEARED\"}")
                        .status())
                .isEqualTo(404);
        assertThat(alice.post("/api/risk/runs", "").status())
                .as("a full run needs crm.admin")
                .isEqualTo(403);
    }

    @Test
    void aFullRunRescoresEveryLiveCustomer() {
        String someone = customer("Full run", randomMobile(), "alice", "north");
        ApiResponse started = admin.post("/api/risk/runs", "");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String run = started.json().get("id").asString();
        assertThat(started.header("Location")).isEqualTo("/api/risk/runs/" + run);
        assertThat(started.json().get("queued").asLong()).isPositive();
        JsonNode done = await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> admin.get("/api/risk/runs/" + run).json(),
                        r -> "DONE".equals(r.get("status").asString()));
        assertThat(done.get("remaining").asLong()).isZero();
        awaitScoredAfter(
                someone,
                Instant.parse(started.json().get("requestedAt").asString()).minusNanos(1_000));
    }
}
