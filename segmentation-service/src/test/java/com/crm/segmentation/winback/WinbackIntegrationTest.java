package com.crm.segmentation.winback;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.events.ActorRef;
import com.crm.contracts.events.customer.CustomerConsentPurposeChanged;
import com.crm.contracts.events.customer.CustomerErased;
import com.crm.contracts.events.customer.CustomerMerged;
import com.crm.contracts.events.customer.CustomerRegistered;
import com.crm.contracts.events.customer.CustomerRiskConfirmed;
import com.crm.contracts.events.customer.CustomerSnapshot;
import com.crm.contracts.events.loyalty.CouponIssued;
import com.crm.contracts.events.loyalty.CouponRedeemed;
import com.crm.contracts.events.purchase.PurchaseRecorded;
import com.crm.segmentation.TestEvents;
import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmServiceTest;
import com.crm.test.TestTokens;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Win-back on fixed data: ranking by value at stake with reasons, the learnt return rate against a hand computation,
 * competitor marks, and the customers who must never be candidates. Each test keeps to a team of its own, and only
 * one test plants lapses old enough to be learnt from, so the learnt rates are exactly its data.
 */
@CrmServiceTest
class WinbackIntegrationTest {

    private static final String CUSTOMERS = "/crm/customer-service";
    private static final String LOYALTY = "/crm/loyalty-service";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private ApiClient manager(String team) {
        return ApiClient.of("http://localhost:" + port)
                .withToken(TestTokens.forUser("mgr-" + team, "manager", team, "crm.read", "crm.write"));
    }

    private static String team() {
        return "wb-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static UUID register(String team) {
        UUID id = UUID.randomUUID();
        Instant now = Instant.now();
        TestEvents.publish(
                CUSTOMERS,
                new CustomerRegistered(
                        id,
                        new CustomerSnapshot(
                                id,
                                "PERSON",
                                null,
                                null,
                                "retail",
                                "WB-" + team,
                                List.of(),
                                "agent-" + team,
                                Map.of(),
                                now,
                                now,
                                1,
                                null,
                                team)));
        return id;
    }

    private static void purchase(UUID customer, Instant at, String amount) {
        TestEvents.sendAsync(
                CUSTOMERS,
                new PurchaseRecorded(customer, UUID.randomUUID(), "erp", null, at, amount, "CNY", 1, "store", null));
    }

    private static Instant daysAgo(long days) {
        return Instant.now().minus(days, ChronoUnit.DAYS);
    }

    private void awaitPurchases(Collection<UUID> customers, long count) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> jdbc.sql("select count(*) from purchase where customer_id in (:ids)")
                                .param("ids", customers)
                                .query(Long.class)
                                .single()
                        == count);
    }

    private void awaitProfiles(Collection<UUID> customers) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> jdbc.sql("select count(*) from customer_profile where customer_id in (:ids)")
                                .param("ids", customers)
                                .query(Long.class)
                                .single()
                        == customers.size());
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(i -> ids.add(i.get("customerId").asString()));
        return ids;
    }

    private static JsonNode item(JsonNode page, UUID customer) {
        for (JsonNode i : page.get("items")) {
            if (i.get("customerId").asString().equals(customer.toString())) {
                return i;
            }
        }
        throw new AssertionError(customer + " not in " + page);
    }

    private JsonNode candidates(ApiClient api, String query) {
        ApiResponse r = api.get("/api/winback/candidates?limit=500" + query);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    @Test
    void aChurnedHighValueCustomerRanksAboveAChurnedLowValueOneWithReasons() {
        String team = team();
        ApiClient api = manager(team);
        UUID high = register(team);
        UUID low = register(team);
        // the same habits (three purchase days long ago, same tenure): only the value differs
        for (int d : new int[] {900, 880, 860}) {
            purchase(high, daysAgo(d), "900.00");
            purchase(low, daysAgo(d), "40.00");
        }
        TestEvents.flush();

        JsonNode page = Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> candidates(api, ""), p -> ids(p).containsAll(List.of(high.toString(), low.toString())));

        assertThat(ids(page)).containsExactly(high.toString(), low.toString());
        JsonNode h = item(page, high);
        JsonNode l = item(page, low);
        assertThat(h.get("stage").asString()).isIn("DECLINING", "CHURNED");
        assertThat(h.get("valueBeforeLapse").asString()).isEqualTo("2700.00");
        assertThat(l.get("valueBeforeLapse").asString()).isEqualTo("120.00");
        assertThat(h.get("returnProbability").asString())
                .isEqualTo(l.get("returnProbability").asString());
        assertThat(Double.parseDouble(h.get("valueAtStake").asString()))
                .isGreaterThan(Double.parseDouble(l.get("valueAtStake").asString()));
        assertThat(h.get("reason").asString())
                .startsWith(h.get("stage").asString() + " since ")
                .contains("spent 2,700.00 in the year to the last purchase ("
                        + daysAgo(860).atZone(ZoneOffset.UTC).toLocalDate() + ")");
        assertThat(l.get("reason").asString()).contains("spent 120.00");

        // paging: one per page, in the same order, then the end
        ApiResponse first = api.get("/api/winback/candidates?limit=1");
        assertThat(ids(first.json())).containsExactly(high.toString());
        ApiResponse second = api.get("/api/winback/candidates?limit=1&cursor="
                + first.json().get("nextCursor").asString());
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(ids(second.json())).containsExactly(low.toString());
        assertThat(second.json().get("nextCursor").isNull()).isTrue();

        // another team's manager sees neither
        assertThat(ids(candidates(manager(team()), ""))).doesNotContain(high.toString(), low.toString());

        // the top candidates fill a static list, idempotently, for campaigns and their contact checks
        ApiClient designer = ApiClient.of("http://localhost:" + port)
                .withToken(TestTokens.forUser("mgr-" + team, "manager", team, "crm.read", "crm.write", "crm.config"));
        ApiResponse list = designer.post(
                "/api/segmentation/segments", "{\"name\":\"win-back %s\",\"kind\":\"STATIC\"}".formatted(team));
        assertThat(list.status()).as(list.body()).isEqualTo(201);
        String segment = list.json().get("id").asString();
        String fill = "{\"segmentId\":\"%s\",\"top\":%d}";
        ApiResponse top1 = api.post("/api/winback/lists", fill.formatted(segment, 1));
        assertThat(top1.status()).as(top1.body()).isEqualTo(200);
        assertThat(top1.json().get("change").get("added").asInt()).isEqualTo(1);
        assertThat(top1.json()
                        .get("change")
                        .get("items")
                        .get(0)
                        .get("customerId")
                        .asString())
                .isEqualTo(high.toString());
        assertThat(api.post("/api/winback/lists", fill.formatted(segment, 2))
                        .json()
                        .get("change")
                        .get("added")
                        .asInt())
                .isEqualTo(1);
        assertThat(api.post("/api/winback/lists", fill.formatted(segment, 2))
                        .json()
                        .get("change")
                        .get("added")
                        .asInt())
                .isEqualTo(0);
        ApiResponse badFill = api.post("/api/winback/lists", "{\"top\":0}");
        assertThat(badFill.status()).isEqualTo(400);
        assertThat(badFill.body()).contains("\"segmentId\"", "\"top\"");
        assertThat(api.post("/api/winback/lists", fill.formatted(UUID.randomUUID(), 1))
                        .status())
                .isEqualTo(404);

        ApiResponse bad = api.get("/api/winback/candidates?limit=0&stage=GONE&cursor=xyz");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        assertThat(bad.body()).contains("\"limit\"", "\"stage\"", "\"cursor\"");
    }

    @Test
    void theLearntReturnProbabilityIsTheHandComputedShrunkRate() {
        String team = team();
        Instant lapse = daysAgo(700);
        List<UUID> all = new ArrayList<>();
        long purchases = 0;
        // group "2-4 purchase days, tenure 1-3y, not lost": 10 lapses, 3 returns within the horizon
        for (int i = 0; i < 10; i++) {
            UUID c = register(team);
            all.add(c);
            for (int d : new int[] {600, 400, 200}) {
                purchase(c, lapse.minus(d, ChronoUnit.DAYS), "50.00");
                purchases++;
            }
            if (i < 3) {
                purchase(c, lapse.plus(100, ChronoUnit.DAYS), "50.00");
                purchases++;
            }
            lapsed(c, lapse);
        }
        // group "1 purchase day, tenure <1y, not lost": 4 lapses, 3 returns (one of them after the horizon: no return)
        for (int i = 0; i < 5; i++) {
            UUID c = register(team);
            all.add(c);
            purchase(c, lapse.minus(100, ChronoUnit.DAYS), "30.00");
            purchases++;
            if (i < 3) {
                purchase(c, lapse.plus(50, ChronoUnit.DAYS), "30.00");
                purchases++;
            } else if (i == 3) {
                purchase(c, lapse.plus(400, ChronoUnit.DAYS), "30.00");
                purchases++;
            }
            if (i < 4) {
                lapsed(c, lapse);
            }
        }
        TestEvents.flush();
        awaitPurchases(all, purchases);
        // until a profile is projected its customer counts as unassigned, which every manager sees
        awaitProfiles(all);

        // hand-computed: p0 = 6 / 14; a group's rate = (k + 10 p0) / (n + 10)
        double p0 = 6.0 / 14;
        JsonNode rates = manager(team).get("/api/winback/return-rates").json();
        assertThat(rates.get("lapsed").asLong()).as(rates.toString()).isEqualTo(14);
        assertThat(rates.get("returned").asLong()).isEqualTo(6);
        assertThat(rates.get("overallRate").asString()).isEqualTo("0.4286");
        assertThat(rates.get("horizonDays").asInt()).isEqualTo(365);
        JsonNode regular = group(rates, "2-4|1-3y|false");
        assertThat(regular.get("lapsed").asLong()).isEqualTo(10);
        assertThat(regular.get("returned").asLong()).isEqualTo(3);
        assertThat(regular.get("probability").asString()).isEqualTo("%.4f".formatted((3 + 10 * p0) / 20));
        assertThat(regular.get("probability").asString()).isEqualTo("0.3643");
        JsonNode single = group(rates, "1|<1y|false");
        assertThat(single.get("lapsed").asLong()).isEqualTo(4);
        assertThat(single.get("returned").asLong()).isEqualTo(3);
        assertThat(single.get("probability").asString()).isEqualTo("0.5204");
        // a group never seen is ranked at the overall rate
        assertThat(group(rates, "5+|3y+|true").get("probability").asString()).isEqualTo("0.4286");

        // the cohort report of the same lapses, counted within the caller's team
        String day = lapse.atZone(ZoneOffset.UTC).toLocalDate().toString();
        JsonNode report = manager(team)
                .get("/api/winback/report?from=" + day + "&to=" + day)
                .json();
        assertThat(report.get("byMonth")).hasSize(1);
        assertThat(report.get("byMonth").get(0).get("lapsed").asLong()).isEqualTo(14);
        assertThat(report.get("byMonth").get(0).get("returned").asLong()).isEqualTo(6);
        assertThat(report.get("byMonth").get(0).get("rate").asString()).isEqualTo("0.4286");
        // no coupon went to any of them: every lapse is in the baseline
        assertThat(report.get("byOffer")).hasSize(1);
        assertThat(report.get("byOffer").get(0).get("group").asString()).isEqualTo("none");
        assertThat(report.get("byOffer").get(0).get("lapsed").asLong()).isEqualTo(14);
        assertThat(report.get("byOffer").get(0).get("returned").asLong()).isEqualTo(6);
        assertThat(report.get("offerNote").asString()).contains("coupon campaign");
        assertThat(report.get("byList")).hasSize(1);
        assertThat(report.get("byList").get(0).get("group").asString()).isEqualTo("none");
        assertThat(report.get("byList").get(0).get("lapsed").asLong()).isEqualTo(14);
        JsonNode other = manager(team())
                .get("/api/winback/report?from=" + day + "&to=" + day)
                .json();
        assertThat(other.get("byMonth")).isEmpty();
    }

    @Test
    void theReportCreditsAReturnToTheCouponCampaignsIssuedBetweenTheLapseAndTheReturn() {
        String team = team();
        Instant lapse = daysAgo(500);
        List<UUID> all = new ArrayList<>();
        long purchases = 0;
        for (int i = 0; i < 6; i++) {
            UUID c = register(team);
            all.add(c);
            purchase(c, lapse.minus(90, ChronoUnit.DAYS), "60.00");
            purchases++;
            lapsed(c, lapse);
        }
        // 0, 1: a WB-A coupon, then back; 2: a WB-A coupon, not back; 3: back, then a WB-A coupon (not credited);
        // 4: WB-B and WB-A coupons, then back (credited to both); 5: nothing, not back
        coupon(all.get(0), "WB-A", lapse.plus(10, ChronoUnit.DAYS));
        coupon(all.get(1), "WB-A", lapse.plus(10, ChronoUnit.DAYS));
        coupon(all.get(2), "WB-A", lapse.plus(10, ChronoUnit.DAYS));
        coupon(all.get(3), "WB-A", lapse.plus(60, ChronoUnit.DAYS));
        coupon(all.get(4), "WB-B", lapse.plus(5, ChronoUnit.DAYS));
        UUID repeated = coupon(all.get(4), "WB-A", lapse.plus(6, ChronoUnit.DAYS));
        for (int i : new int[] {0, 1, 3, 4}) {
            purchase(all.get(i), lapse.plus(30, ChronoUnit.DAYS), "60.00");
            purchases++;
        }
        TestEvents.flush();
        awaitPurchases(all, purchases);
        awaitProfiles(all);
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> jdbc.sql("select count(*) from loyalty_coupon where customer_id in (:ids)")
                                .param("ids", all)
                                .query(Long.class)
                                .single()
                        == 6);
        // a redelivered issue (same coupon) changes nothing
        TestEvents.publish(
                LOYALTY,
                new CouponIssued(all.get(4), repeated, "WB-A", lapse, lapse.plus(400, ChronoUnit.DAYS), Instant.now()));
        // its redemption, behind it on the customer's partition: once recorded, the redelivery was applied
        TestEvents.publish(LOYALTY, new CouponRedeemed(all.get(4), repeated, "WB-A", lapse.plus(20, ChronoUnit.DAYS)));
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> jdbc.sql("select redeemed_at is not null from loyalty_coupon where coupon_id = :c")
                        .param("c", repeated)
                        .query(Boolean.class)
                        .single());

        // a static list: 0 and 2 put on it during their lapse, 3 only after coming back (not credited)
        ApiClient designer = ApiClient.of("http://localhost:" + port)
                .withToken(TestTokens.forUser("mgr-" + team, "manager", team, "crm.read", "crm.write", "crm.config"));
        ApiResponse list = designer.post(
                "/api/segmentation/segments", "{\"name\":\"wave %s\",\"kind\":\"STATIC\"}".formatted(team));
        assertThat(list.status()).as(list.body()).isEqualTo(201);
        UUID listId = UUID.fromString(list.json().get("id").asString());
        listed(listId, all.get(0), lapse.plus(1, ChronoUnit.DAYS));
        listed(listId, all.get(2), lapse.plus(1, ChronoUnit.DAYS));
        listed(listId, all.get(3), lapse.plus(40, ChronoUnit.DAYS));

        String day = lapse.atZone(ZoneOffset.UTC).toLocalDate().toString();
        JsonNode report = manager(team)
                .get("/api/winback/report?from=" + day + "&to=" + day)
                .json();
        assertThat(report.get("byList")).as(report.toString()).hasSize(2);
        assertThat(row(report.get("byList"), "wave " + team).toString())
                .isEqualTo("{\"group\":\"wave %s\",\"lapsed\":2,\"returned\":1,\"rate\":\"0.5000\"}".formatted(team));
        assertThat(row(report.get("byList"), "none").toString())
                .isEqualTo("{\"group\":\"none\",\"lapsed\":4,\"returned\":3,\"rate\":\"0.7500\"}");
        JsonNode byOffer = report.get("byOffer");
        assertThat(byOffer).as(report.toString()).hasSize(3);
        assertThat(byOffer.get(0).toString())
                .isEqualTo("{\"group\":\"WB-A\",\"lapsed\":4,\"returned\":3,\"rate\":\"0.7500\"}");
        assertThat(byOffer.get(1).toString())
                .isEqualTo("{\"group\":\"WB-B\",\"lapsed\":1,\"returned\":1,\"rate\":\"1.0000\"}");
        assertThat(byOffer.get(2).toString())
                .isEqualTo("{\"group\":\"none\",\"lapsed\":2,\"returned\":1,\"rate\":\"0.5000\"}");
        assertThat(jdbc.sql("select issued_at from loyalty_coupon where coupon_id = :c")
                        .param("c", repeated)
                        .query(Timestamp.class)
                        .single()
                        .toInstant()
                        .truncatedTo(ChronoUnit.MILLIS))
                .as("the first issue's time, not the redelivery's")
                .isEqualTo(lapse.plus(6, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS));
    }

    /** A customer put on a static list at a past time (as filling the list then would have). */
    private void listed(UUID segment, UUID customer, Instant at) {
        jdbc.sql("insert into segment_member (segment_id, customer_id, joined_at) values (:s, :c, :at)")
                .param("s", segment)
                .param("c", customer)
                .param("at", Timestamp.from(at))
                .update();
    }

    private static UUID coupon(UUID customer, String campaign, Instant issuedAt) {
        UUID id = UUID.randomUUID();
        TestEvents.sendAsync(
                LOYALTY,
                new CouponIssued(customer, id, campaign, issuedAt, issuedAt.plus(30, ChronoUnit.DAYS), issuedAt));
        return id;
    }

    private static JsonNode row(JsonNode rows, String name) {
        for (JsonNode row : rows) {
            if (row.get("group").asString().equals(name)) {
                return row;
            }
        }
        throw new AssertionError(name + " not in " + rows);
    }

    private static JsonNode group(JsonNode rates, String key) {
        for (JsonNode g : rates.get("groups")) {
            if (g.get("group").asString().equals(key)) {
                return g;
            }
        }
        throw new AssertionError(key + " not in " + rates);
    }

    /** A past move into DECLINING: the stage history segmentation keeps, planted at a fixed time. */
    private void lapsed(UUID customer, Instant at) {
        jdbc.sql("""
                insert into stage_transition (customer_id, from_stage, to_stage, at, day)
                values (:c, 'GROWING', 'DECLINING', :at, :day)""")
                .param("c", customer)
                .param("at", Timestamp.from(at))
                .param("day", at.atZone(ZoneOffset.UTC).toLocalDate())
                .update();
    }

    @Test
    void anAgentMarksACustomerLostToACompetitorIdempotentlyAndAPurchaseIsAReturn() {
        String team = team();
        ApiClient api = manager(team);
        UUID customer = register(team);
        UUID elsewhere = register(team());
        purchase(customer, daysAgo(10), "80.00");
        TestEvents.flush();
        awaitPurchases(List.of(customer), 1);
        awaitProfiles(List.of(elsewhere));
        String path = "/api/customers/" + customer + "/lost-to-competitor";

        ApiResponse missing = api.post(path, "{}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        assertThat(missing.body()).contains("\"competitor\"");
        ApiResponse tooLong =
                api.post(path, "{\"competitor\":\"%s\",\"note\":\"%s\"}".formatted("x".repeat(101), "y".repeat(501)));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body()).contains("\"competitor\"", "\"note\"");
        assertThat(api.post(path, "{\"competitor\":").status()).isEqualTo(400);

        String competitor = "Rival-" + team;
        ApiResponse marked = api.post(path, "{\"competitor\":\"" + competitor + "\",\"note\":\"cheaper plan\"}");
        assertThat(marked.status()).as(marked.body()).isEqualTo(200);
        assertThat(marked.json().get("markedBy").asString()).isEqualTo("mgr-" + team);
        ApiResponse again = api.post(path, "{\"competitor\":\"" + competitor + "\",\"note\":\"cheaper plan\"}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("markedAt").asString())
                .isEqualTo(marked.json().get("markedAt").asString());
        assertThat(audits(customer)).isEqualTo(1);

        JsonNode page = candidates(api, "&competitor=" + competitor.toLowerCase());
        assertThat(ids(page)).containsExactly(customer.toString());
        JsonNode item = item(page, customer);
        assertThat(item.get("competitor").asString()).isEqualTo(competitor);
        assertThat(item.get("reason").asString()).contains("lost to " + competitor, "spent 80.00");
        assertThat(ids(candidates(api, "&stage=LOST_TO_COMPETITOR"))).contains(customer.toString());

        // another team's customer is unknown to this manager
        ApiResponse hidden = api.post(
                "/api/customers/" + elsewhere + "/lost-to-competitor", "{\"competitor\":\"" + competitor + "\"}");
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(api.delete("/api/customers/" + elsewhere + "/lost-to-competitor")
                        .status())
                .isEqualTo(404);
        assertThat(api.post("/api/customers/" + UUID.randomUUID() + "/lost-to-competitor", "{\"competitor\":\"x\"}")
                        .status())
                .isEqualTo(404);

        assertThat(api.delete(path).status()).isEqualTo(204);
        assertThat(api.delete(path).status()).isEqualTo(204);
        assertThat(audits(customer)).isEqualTo(2);
        assertThat(ids(candidates(api, ""))).doesNotContain(customer.toString());

        // marked again, then a purchase after the mark: a return, no longer a candidate
        assertThat(api.post(path, "{\"competitor\":\"" + competitor + "\"}").status())
                .isEqualTo(200);
        assertThat(ids(candidates(api, ""))).contains(customer.toString());
        purchase(customer, Instant.now(), "60.00");
        TestEvents.flush();
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> !ids(candidates(api, "")).contains(customer.toString()));
    }

    private long audits(UUID customer) {
        return jdbc.sql("""
                select count(*) from crm_outbox where event_type = 'crm.audit.recorded' and message_key = :c""").param("c", customer.toString()).query(Long.class).single();
    }

    @Test
    void aMarkFollowsAMergeToTheSurvivorAndErasureDropsTheNote() {
        String team = team();
        ApiClient api = manager(team);
        UUID survivor = register(team);
        UUID merged = register(team);
        purchase(survivor, daysAgo(30), "10.00");
        purchase(merged, daysAgo(40), "20.00");
        TestEvents.flush();
        awaitPurchases(List.of(survivor, merged), 2);
        assertThat(api.post(
                                "/api/customers/" + merged + "/lost-to-competitor",
                                "{\"competitor\":\"Rival\",\"note\":\"moved to Rival's loyalty club\"}")
                        .status())
                .isEqualTo(200);

        TestEvents.publish(CUSTOMERS, new CustomerMerged(survivor, List.of(merged, survivor), Instant.now(), null));
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> ids(candidates(api, "")), ids -> ids.equals(List.of(survivor.toString())));
        assertThat(item(candidates(api, ""), survivor).get("competitor").asString())
                .isEqualTo("Rival");

        TestEvents.publish(CUSTOMERS, new CustomerErased(survivor, Instant.now()));
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.sql("select count(*) from winback_competitor_mark where customer_id in (:ids)")
                                .param("ids", List.of(survivor, merged))
                                .query(Long.class)
                                .single()
                        == 0);
        assertThat(jdbc.sql("select count(*) from winback_competitor_mark where note = :note")
                        .param("note", "moved to Rival's loyalty club")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void customersWhoWithdrewProfilingOrAreHeldForFraudAreNoCandidates() {
        String team = team();
        ApiClient api = manager(team);
        UUID withdrawn = register(team);
        UUID fraud = register(team);
        UUID kept = register(team);
        for (UUID c : List.of(withdrawn, fraud, kept)) {
            purchase(c, daysAgo(20), "70.00");
        }
        TestEvents.flush();
        awaitPurchases(List.of(withdrawn, fraud, kept), 3);
        for (UUID c : List.of(withdrawn, fraud, kept)) {
            assertThat(api.post("/api/customers/" + c + "/lost-to-competitor", "{\"competitor\":\"Rival\"}")
                            .status())
                    .isEqualTo(200);
        }
        assertThat(ids(candidates(api, "")))
                .containsExactlyInAnyOrder(withdrawn.toString(), fraud.toString(), kept.toString());

        Instant now = Instant.now();
        TestEvents.publish(
                CUSTOMERS,
                new CustomerConsentPurposeChanged(
                        withdrawn,
                        "PROFILING",
                        "ALL",
                        "WITHDRAWN",
                        null,
                        "CONSENT",
                        null,
                        now,
                        "preference-centre",
                        null));
        TestEvents.publish(
                CUSTOMERS,
                new CustomerRiskConfirmed(
                        fraud, UUID.randomUUID(), "0.9", List.of("SHARED_PHONE"), now, new ActorRef("USER", "alice")));

        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> ids(candidates(api, "")), ids -> ids.equals(List.of(kept.toString())));
    }
}
