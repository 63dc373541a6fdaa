package com.crm.loyalty.earning;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.Topics;
import com.crm.contracts.cloudevents.CrmEventCodec;
import com.crm.contracts.events.customer.CustomerErased;
import com.crm.contracts.events.customer.CustomerLinked;
import com.crm.contracts.events.feedback.ResponseReceived;
import com.crm.contracts.events.purchase.PurchaseRecorded;
import com.crm.loyalty.LoyaltyIntegrationTest;
import com.crm.loyalty.expiry.Expiry;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.EventCapture;
import com.crm.test.TestEvents;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The points ledger from events: accrual, proportional reversal, debt, expiry, replays. */
class PointsLedgerIntegrationTest extends LoyaltyIntegrationTest {

    private static final String PURCHASE_RECORDED =
            CrmEventCodec.describe(PurchaseRecorded.class).value();

    @RegisterExtension
    static final EventCapture parked = EventCapture.of(Topics.deadLetter(Topics.PURCHASE));

    @Autowired
    Expiry expiry;

    private long outboxEvents(String type, UUID customer) {
        return jdbc.sql("select count(*) from crm_outbox where event_type = :t and message_key = :c")
                .param("t", type)
                .param("c", customer.toString())
                .query(Long.class)
                .single();
    }

    @Test
    void aPurchaseAPartialRefundAndAnExpiryGiveTheHandComputedBalance() {
        UUID customer = UUID.randomUUID();
        UUID old = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        UUID refund = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant longAgo = now.atOffset(ZoneOffset.UTC).minusMonths(25).toInstant();

        // 200.50 two years and a month ago: 200 points (rounded down), their lot expired a month ago
        purchase(customer, old, "200.50", longAgo);
        // 100.99 now: 100 points
        purchase(customer, recent, "100.99", now);
        awaitAccrued(old);
        awaitAccrued(recent);
        assertThat(balance(customer)).isEqualTo(300);

        // refund 30.30 of the newest purchase: floor(100 × 30.30 / 100.99) = 30, taken from that purchase's own lot
        refund(customer, refund, "-30.30", now);
        awaitRefunded(refund);
        assertThat(balance(customer)).isEqualTo(270);

        // the old lot (200) expires; the recent lot keeps 70
        expiry.expireDue(Instant.now());
        assertThat(balance(customer)).isEqualTo(70);
        assertLedgerInvariant();

        ApiResponse member = reader.get("/api/loyalty/members/" + customer);
        assertThat(member.status()).as(member.body()).isEqualTo(200);
        assertThat(member.json().get("balance").asLong()).isEqualTo(70);
        assertThat(member.json().get("level").get("code").asString()).isEqualTo("BASIC");
        assertThat(member.json().get("memberNumber").asString()).startsWith("L");

        ApiResponse journal = reader.get("/api/loyalty/members/" + customer + "/journal");
        List<String> kinds = new ArrayList<>();
        List<Long> points = new ArrayList<>();
        journal.json().get("items").forEach(e -> {
            kinds.add(e.get("kind").asString());
            points.add(e.get("points").asLong());
        });
        assertThat(kinds).containsExactly("EXPIRY", "REVERSAL", "PURCHASE", "PURCHASE");
        assertThat(points).containsExactly(-200L, -30L, 100L, 200L);
        assertThat(outboxEvents("crm.loyalty.points-earned", customer)).isEqualTo(2);
        assertThat(outboxEvents("crm.loyalty.points-reversed", customer)).isEqualTo(1);
        assertThat(outboxEvents("crm.loyalty.points-expired", customer)).isEqualTo(1);

        // the rest of the purchase refunded in a second part: the 70 left, exactly what it earned in total
        UUID rest = UUID.randomUUID();
        refund(customer, rest, "-70.69", now);
        awaitRefunded(rest);
        assertThat(balance(customer)).isZero();
        assertLedgerInvariant();
    }

    @Test
    void whatARefundCannotTakeIsDebtSettledFromLaterAccruals() {
        UUID customer = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        Instant now = Instant.now();
        purchase(customer, first, "100", now);
        awaitAccrued(first);
        ApiResponse spent = writer.post(
                "/api/loyalty/members/" + customer + "/adjustments", "{\"points\":-80,\"reason\":\"goodwill fix\"}");
        assertThat(spent.status()).as(spent.body()).isEqualTo(201);
        assertThat(balance(customer)).isEqualTo(20);

        UUID refund = UUID.randomUUID();
        refund(customer, refund, "-100", now);
        awaitRefunded(refund);
        assertThat(balance(customer)).isZero();
        assertThat(reader.get("/api/loyalty/members/" + customer)
                        .json()
                        .get("debt")
                        .asLong())
                .isEqualTo(80);

        UUID later = UUID.randomUUID();
        purchase(customer, later, "50", now);
        awaitAccrued(later);
        assertThat(balance(customer)).isZero();
        UUID more = UUID.randomUUID();
        purchase(customer, more, "45", now);
        awaitAccrued(more);
        JsonNode member = reader.get("/api/loyalty/members/" + customer).json();
        assertThat(member.get("debt").asLong()).isZero();
        assertThat(member.get("balance").asLong()).isEqualTo(15);
        assertLedgerInvariant();
    }

    @Test
    void aPurchaseWithoutADecimalAmountIsParkedWhileTheOthersOfItsBatchAccrue() {
        // one customer, so one partition and likely one batch: the set-based flush must not take the others down
        UUID customer = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID poison = UUID.randomUUID();
        UUID last = UUID.randomUUID();
        Instant now = Instant.now();
        purchase(customer, first, "10.00", now.minusSeconds(2));
        purchase(customer, poison, "ten", now.minusSeconds(1));
        purchase(customer, last, "20.00", now);
        awaitAccrued(first);
        awaitAccrued(last);
        parked.awaitMatching(r -> r.event().getType().equals(PURCHASE_RECORDED)
                && r.data(PurchaseRecorded.class).purchaseId().equals(poison));
        assertThat(jdbc.sql("select count(*) from purchase_accrual where purchase_id = :p")
                        .param("p", poison)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(balance(customer)).isEqualTo(30);
        assertLedgerInvariant();
    }

    @Test
    void replayingEveryPurchaseEventChangesNoBalance() {
        UUID customer = UUID.randomUUID();
        List<CrmEventCodec.EncodedEvent> sent = new ArrayList<>();
        List<UUID> purchases = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < 5; i++) {
            UUID p = UUID.randomUUID();
            purchases.add(p);
            sent.add(purchase(customer, p, (10 * (i + 1)) + ".00", now.minusSeconds(i)));
        }
        UUID refund = UUID.randomUUID();
        purchases.forEach(this::awaitAccrued);
        sent.add(refund(customer, refund, "-5", now));
        awaitRefunded(refund);
        long before = balance(customer);
        assertThat(before).isEqualTo(150 - 5);

        // the same events again (a redelivery), and new events for the same purchases (a replay from the source
        // after the processed ids were purged): nothing changes
        sent.forEach(TestEvents::send);
        for (int i = 0; i < 5; i++) {
            purchase(customer, purchases.get(i), (10 * (i + 1)) + ".00", now.minusSeconds(i));
        }
        refund(customer, refund, "-5", now);
        UUID marker = UUID.randomUUID();
        purchase(customer, marker, "1", now);
        awaitAccrued(marker);
        assertThat(balance(customer)).isEqualTo(before + 1);
        assertLedgerInvariant();
    }

    @Test
    void anAnsweredSurveyEarnsTheProgramsFeedbackPointsOnce() {
        UUID customer = UUID.randomUUID();
        enrol(customer);
        UUID response = UUID.randomUUID();
        ResponseReceived answered = new ResponseReceived(
                customer, response, UUID.randomUUID(), 1, "NPS", null, "EMAIL", 9, "promoter", Instant.now(), null);
        TestEvents.publish("/crm/feedback-service", answered);
        TestEvents.publish("/crm/feedback-service", answered);
        await(() -> balance(customer) == 10);
        UUID marker = UUID.randomUUID();
        purchase(customer, marker, "1", Instant.now());
        awaitAccrued(marker);
        assertThat(balance(customer)).isEqualTo(11);
        assertLedgerInvariant();
    }

    @Test
    void aCustomerBroughtInEarnsTheReferrerTheProgramsReferralPointsOnce() {
        UUID referrer = UUID.randomUUID();
        enrol(referrer);
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        Instant now = Instant.now();
        List<String> events = new ArrayList<>();
        // the first customer brought in, its event delivered twice, then linked to the referrer again (a new link)
        CustomerLinked linked = new CustomerLinked(first, UUID.randomUUID(), "REFERRED_BY", referrer, null, false, now);
        events.add(TestEvents.publish(CUSTOMER_SERVICE, linked).id().toString());
        events.add(TestEvents.publish(CUSTOMER_SERVICE, linked).id().toString());
        events.add(TestEvents.publish(
                        CUSTOMER_SERVICE,
                        new CustomerLinked(first, UUID.randomUUID(), "REFERRED_BY", referrer, null, false, now))
                .id()
                .toString());
        // links that are no referral of a member: another type, a referrer who is not a member, a self-link
        events.add(TestEvents.publish(
                        CUSTOMER_SERVICE,
                        new CustomerLinked(second, UUID.randomUUID(), "WORKS_AT", referrer, "buyer", true, now))
                .id()
                .toString());
        events.add(TestEvents.publish(
                        CUSTOMER_SERVICE,
                        new CustomerLinked(
                                second, UUID.randomUUID(), "REFERRED_BY", UUID.randomUUID(), null, false, now))
                .id()
                .toString());
        events.add(TestEvents.publish(
                        CUSTOMER_SERVICE,
                        new CustomerLinked(referrer, UUID.randomUUID(), "REFERRED_BY", referrer, null, false, now))
                .id()
                .toString());
        await(() -> jdbc.sql("""
                                select count(*) from crm_processed_event
                                where consumer = 'loyalty-referrals' and event_id in (:ids)""").param("ids", events).query(Long.class).single() == events.size());
        assertThat(balance(referrer)).isEqualTo(50);

        // a second customer brought in earns again
        TestEvents.publish(
                CUSTOMER_SERVICE,
                new CustomerLinked(second, UUID.randomUUID(), "REFERRED_BY", referrer, null, false, now));
        await(() -> balance(referrer) == 100);
        ApiResponse journal = reader.get("/api/loyalty/members/" + referrer + "/journal");
        List<String> kinds = new ArrayList<>();
        journal.json().get("items").forEach(e -> kinds.add(e.get("kind").asString()));
        assertThat(kinds).containsExactly("REFERRAL", "REFERRAL");
        assertLedgerInvariant();

        // erasing the customer brought in forgets its award
        TestEvents.publish(CUSTOMER_SERVICE, new CustomerErased(first, Instant.now()));
        await(() -> jdbc.sql("select count(*) from referral_award where referred_customer_id = :c")
                        .param("c", first)
                        .query(Long.class)
                        .single()
                == 0);
    }

    @Test
    void earningRulesMultiplyByCategoryAndChannelAndTheDailyCapLimits() {
        ApiResponse rule = configurer.post("/api/loyalty/earning-rules", """
                {"name":"app double","type":"MULTIPLIER","channel":"rule-test-app","multiplier":"2"}""");
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        ApiResponse cap = configurer.post("/api/loyalty/earning-rules", """
                {"name":"app cap","type":"DAILY_CAP","channel":"rule-test-app","dailyCap":300}""");
        assertThat(cap.status()).as(cap.body()).isEqualTo(201);
        try {
            UUID customer = UUID.randomUUID();
            UUID p1 = UUID.randomUUID();
            Instant now = Instant.now();
            purchase(customer, p1, "100", now, "rule-test-app", List.of());
            awaitAccrued(p1);
            assertThat(balance(customer)).isEqualTo(200);
            UUID p2 = UUID.randomUUID();
            purchase(customer, p2, "100", now, "rule-test-app", List.of());
            awaitAccrued(p2);
            assertThat(balance(customer)).as("capped at 300 a day").isEqualTo(300);
        } finally {
            configurer.delete(
                    "/api/loyalty/earning-rules/" + rule.json().get("id").asString());
            configurer.delete(
                    "/api/loyalty/earning-rules/" + cap.json().get("id").asString());
        }
    }
}
