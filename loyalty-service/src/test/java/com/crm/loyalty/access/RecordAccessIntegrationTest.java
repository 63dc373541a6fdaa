package com.crm.loyalty.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.loyalty.LoyaltyIntegrationTest;
import com.crm.test.ApiClient;
import com.crm.test.TestTokens;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Record-level access from the ownership projected off crm.customer.v1: alice (agent, north) sees her customer's
 * membership and gets 404 for bob's (south), in reads and writes; lists leave bob's out; a machine client sees all.
 */
class RecordAccessIntegrationTest extends LoyaltyIntegrationTest {

    private ApiClient alice() {
        return anonymous.withToken(TestTokens.forUser("alice", "agent", "north", "crm.read", "crm.write"));
    }

    private void awaitOwner(UUID customer, String owner) {
        await(() -> owner.equals(jdbc.sql("select owner_id from customer_ownership where customer_id = :c")
                .param("c", customer)
                .query(String.class)
                .optional()
                .orElse(null)));
    }

    @Test
    void aPersonOfAnotherTeamGets404AndListsShowOnlyWhatTheyMaySee() {
        UUID north = UUID.randomUUID();
        UUID south = UUID.randomUUID();
        registered(north, "alice", "north");
        registered(south, "bob", "south");
        awaitOwner(north, "alice");
        awaitOwner(south, "bob");
        UUID p1 = UUID.randomUUID();
        UUID p2 = UUID.randomUUID();
        purchase(north, p1, "10", Instant.now());
        purchase(south, p2, "10", Instant.now());
        awaitAccrued(p1);
        awaitAccrued(p2);
        // both have points expiring in a week
        jdbc.sql("""
                update points_lot set expires_at = :at where member_id in
                    (select id from loyalty_member where customer_id in (:c))""")
                .param("at", Timestamp.from(Instant.now().plus(7, ChronoUnit.DAYS)))
                .param("c", List.of(north, south))
                .update();

        ApiClient alice = alice();
        assertThat(alice.get("/api/loyalty/members/" + north).status()).isEqualTo(200);
        assertThat(alice.get("/api/loyalty/members/" + south).status()).isEqualTo(404);
        assertThat(alice.get("/api/loyalty/members/" + south + "/journal").status())
                .isEqualTo(404);
        assertThat(alice.post("/api/loyalty/members/" + south + "/adjustments", "{\"points\":5,\"reason\":\"x\"}")
                        .status())
                .isEqualTo(404);
        assertThat(alice.post("/api/loyalty/members", "{\"customerId\":\"" + south + "\"}")
                        .status())
                .isEqualTo(404);

        List<String> seenByAlice = customers(alice.get("/api/loyalty/expiring?within=P30D&limit=500"));
        assertThat(seenByAlice).contains(north.toString()).doesNotContain(south.toString());
        List<String> seenByMachine = customers(reader.get("/api/loyalty/expiring?within=P30D&limit=500"));
        assertThat(seenByMachine).contains(north.toString(), south.toString());
        assertThat(reader.get("/api/loyalty/members/" + north)
                        .json()
                        .get("expiring")
                        .get("points")
                        .asLong())
                .isEqualTo(10);
    }

    private static List<String> customers(com.crm.test.ApiClient.ApiResponse page) {
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        page.json().get("items").forEach(i -> ids.add(i.get("customerId").asString()));
        return ids;
    }
}
