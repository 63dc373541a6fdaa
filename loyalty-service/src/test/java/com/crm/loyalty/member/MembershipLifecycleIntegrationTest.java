package com.crm.loyalty.member;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.events.customer.CustomerErased;
import com.crm.contracts.events.customer.CustomerMerged;
import com.crm.loyalty.LoyaltyIntegrationTest;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.TestEvents;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A membership follows merges (balances, debt and lots combined) and erasure (forfeited, anonymised, closed). */
class MembershipLifecycleIntegrationTest extends LoyaltyIntegrationTest {

    private long lots(UUID customer) {
        return jdbc.sql("""
                        select count(*) from points_lot l join loyalty_member m on m.id = l.member_id
                        where m.customer_id = :c and l.remaining > 0""").param("c", customer).query(Long.class).single();
    }

    @Test
    void aMergeAddsUpBothMembersBalancesAndLots() {
        UUID survivor = UUID.randomUUID();
        UUID merged = UUID.randomUUID();
        Instant now = Instant.now();
        UUID p1 = UUID.randomUUID();
        UUID p2 = UUID.randomUUID();
        UUID p3 = UUID.randomUUID();
        purchase(survivor, p1, "120", now);
        purchase(merged, p2, "30", now.atOffset(ZoneOffset.UTC).minusMonths(3).toInstant());
        purchase(merged, p3, "50", now);
        List.of(p1, p2, p3).forEach(this::awaitAccrued);
        assertThat(lots(survivor)).isEqualTo(1);
        assertThat(lots(merged)).isEqualTo(2);

        TestEvents.publish(CUSTOMER_SERVICE, new CustomerMerged(survivor, List.of(merged), now, null));
        await(() -> "MERGED"
                .equals(jdbc.sql("select status from loyalty_member where customer_id = :c")
                        .param("c", merged)
                        .query(String.class)
                        .single()));
        assertThat(balance(survivor)).isEqualTo(200);
        assertThat(balance(merged)).isZero();
        assertThat(lots(survivor)).isEqualTo(3);
        assertThat(lots(merged)).isZero();
        assertLedgerInvariant();

        // a refund of the merged customer's purchase, now the survivor's, reverses from the survivor
        UUID refund = UUID.randomUUID();
        refund(survivor, refund, "-50", now);
        awaitRefunded(refund);
        assertThat(balance(survivor)).isEqualTo(150);

        ApiResponse journal = reader.get("/api/loyalty/members/" + survivor + "/journal?limit=2");
        assertThat(journal.json().get("items").get(1).get("kind").asString()).isEqualTo("MERGE_IN");
        assertThat(journal.json().get("items").get(1).get("points").asLong()).isEqualTo(80);
        assertThat(journal.json().get("nextCursor").isNull()).isFalse();
        ApiResponse next = reader.get("/api/loyalty/members/" + survivor + "/journal?limit=2&cursor="
                + journal.json().get("nextCursor").asString());
        assertThat(next.json().get("items").get(0).get("kind").asString()).isEqualTo("PURCHASE");
        assertThat(next.json().get("nextCursor").isNull()).isTrue();
    }

    @Test
    void aMergedCustomersMembershipBecomesTheSurvivorsWhenTheSurvivorIsNoMember() {
        UUID survivor = UUID.randomUUID();
        UUID merged = UUID.randomUUID();
        UUID p = UUID.randomUUID();
        purchase(merged, p, "40", Instant.now());
        awaitAccrued(p);
        TestEvents.publish(CUSTOMER_SERVICE, new CustomerMerged(survivor, List.of(merged), Instant.now(), null));
        await(() -> reader.get("/api/loyalty/members/" + survivor).status() == 200);
        assertThat(balance(survivor)).isEqualTo(40);
        assertThat(reader.get("/api/loyalty/members/" + merged).status()).isEqualTo(404);
    }

    @Test
    void erasureForfeitsTheBalanceAnonymisesTheJournalAndClosesTheMember() {
        UUID customer = UUID.randomUUID();
        UUID p = UUID.randomUUID();
        purchase(customer, p, "75", Instant.now());
        awaitAccrued(p);
        ApiResponse adjusted = writer.post(
                "/api/loyalty/members/" + customer + "/adjustments",
                "{\"points\":25,\"reason\":\"called about Mrs Wang's broken parcel\"}");
        assertThat(adjusted.status()).as(adjusted.body()).isEqualTo(201);
        assertThat(balance(customer)).isEqualTo(100);

        TestEvents.publish(CUSTOMER_SERVICE, new CustomerErased(customer, Instant.now()));
        await(() -> "CLOSED"
                .equals(jdbc.sql("select status from loyalty_member where customer_id = :c")
                        .param("c", customer)
                        .query(String.class)
                        .single()));
        assertThat(balance(customer)).isZero();
        assertThat(jdbc.sql("""
                        select count(*) from points_entry e join loyalty_member m on m.id = e.member_id
                        where m.customer_id = :c and e.reason is not null""").param("c", customer).query(Long.class).single())
                .isZero();
        ApiResponse journal = reader.get("/api/loyalty/members/" + customer + "/journal");
        assertThat(journal.json().get("items").get(0).get("kind").asString()).isEqualTo("FORFEIT");
        assertThat(journal.json().get("items").get(0).get("points").asLong()).isEqualTo(-100);
        assertThat(reader.get("/api/loyalty/members/" + customer)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("CLOSED");
        // no more points for a closed membership
        UUID later = UUID.randomUUID();
        purchase(customer, later, "10", Instant.now());
        UUID marker = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        purchase(other, marker, "1", Instant.now());
        awaitAccrued(marker);
        assertThat(balance(customer)).isZero();
        assertLedgerInvariant();
    }

    @Test
    void adjustmentsRecordTheActorAndTheAuditTrail() {
        UUID customer = UUID.randomUUID();
        enrol(customer);
        assertThat(writer.post("/api/loyalty/members", "{\"customerId\":\"" + customer + "\"}")
                        .status())
                .as("enrolling twice answers the membership")
                .isEqualTo(200);
        ApiResponse adjusted = writer.post(
                "/api/loyalty/members/" + customer + "/adjustments", "{\"points\":40,\"reason\":\"welcome gift\"}");
        assertThat(adjusted.status()).as(adjusted.body()).isEqualTo(201);
        ApiResponse journal = reader.get("/api/loyalty/members/" + customer + "/journal");
        assertThat(journal.json().get("items").get(0).get("actor").get("id").asString())
                .isEqualTo("test-client");
        assertThat(journal.json().get("items").get(0).get("reason").asString()).isEqualTo("welcome gift");
        assertThat(jdbc.sql("select count(*) from crm_outbox where event_type = 'crm.audit.recorded'"
                                + " and message_key = :c")
                        .param("c", customer.toString())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        ApiResponse tooMuch = writer.post(
                "/api/loyalty/members/" + customer + "/adjustments", "{\"points\":-41,\"reason\":\"oops\"}");
        assertThat(tooMuch.status()).isEqualTo(422);
    }
}
