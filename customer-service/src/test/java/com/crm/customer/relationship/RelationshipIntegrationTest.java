package com.crm.customer.relationship;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmServiceTest;
import com.crm.test.TestTokens;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A fixed graph: Ann and Bob work at Acme (Ann the primary contact), Cid is in Ann's household, Dee was referred by
 * Ann, Eve by Dee, Fay by Eve.
 */
@CrmServiceTest
class RelationshipIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private ApiClient api;
    private final Map<String, String> ids = new LinkedHashMap<>();

    @BeforeEach
    void graph() {
        api = ApiClient.of("http://localhost:" + port).withToken(TestTokens.withScopes("crm.read", "crm.write"));
        ids.put("Acme", create("{\"type\":\"ORGANIZATION\",\"company\":\"Acme\"}"));
        for (String name : List.of("Ann", "Bob", "Cid", "Dee", "Eve", "Fay")) {
            ids.put(name, create("{\"type\":\"PERSON\",\"displayName\":\"" + name + "\"}"));
        }
        link("Ann", "WORKS_AT", "Acme", ",\"role\":\"buyer\",\"primaryContact\":true");
        link("Bob", "WORKS_AT", "Acme", "");
        link("Cid", "HOUSEHOLD_MEMBER", "Ann", "");
        link("Dee", "REFERRED_BY", "Ann", "");
        link("Eve", "REFERRED_BY", "Dee", "");
        link("Fay", "REFERRED_BY", "Eve", "");
    }

    private String create(String json) {
        return api.post("/api/customers", json).json().get("id").asString();
    }

    private ApiResponse link(String from, String type, String to, String extra) {
        return api.post("/api/customers/" + ids.get(from) + "/relationships",
                "{\"toCustomerId\":\"" + ids.get(to) + "\",\"type\":\"" + type + "\"" + extra + "}");
    }

    private Map<String, Integer> circle(String who, int depth) {
        JsonNode members = api.get("/api/customers/" + ids.get(who) + "/circle?depth=" + depth).json();
        Map<String, Integer> byName = new java.util.TreeMap<>();
        members.forEach(m -> byName.put(m.get("displayName").asString(), m.get("depth").asInt()));
        return byName;
    }

    @Test
    void theCircleHoldsExactlyTheMembersWithinTheDepthWithThePathToEach() {
        assertThat(circle("Ann", 1)).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of("Acme", 1, "Cid", 1,
                "Dee", 1)));
        assertThat(circle("Ann", 2)).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of("Acme", 1, "Bob", 2,
                "Cid", 1, "Dee", 1, "Eve", 2)));
        assertThat(circle("Ann", 3)).containsEntry("Fay", 3).hasSize(6);

        JsonNode bob = StreamSupport.stream(api.get("/api/customers/" + ids.get("Ann") + "/circle?depth=2").json()
                .spliterator(), false).filter(m -> m.get("displayName").asString().equals("Bob")).findFirst().orElseThrow();
        assertThat(bob.get("path").toString()).isEqualTo("[\"" + ids.get("Ann") + "\",\"" + ids.get("Acme") + "\",\""
                + ids.get("Bob") + "\"]");
        assertThat(bob.get("via").toString()).isEqualTo("[\"WORKS_AT>\",\"<WORKS_AT\"]");
        assertThat(api.get("/api/customers/" + ids.get("Ann") + "/circle?depth=4").status()).isEqualTo(400);
    }

    @Test
    void anOrganisationsContactsAndTheRulesOfLinking() {
        JsonNode contacts = api.get("/api/customers/" + ids.get("Acme") + "/contacts").json();
        assertThat(contacts.size()).isEqualTo(2);
        assertThat(contacts.get(0).get("fromName").asString()).isEqualTo("Ann");
        assertThat(contacts.get(0).get("role").asString()).isEqualTo("buyer");
        assertThat(contacts.get(0).get("primaryContact").asBoolean()).isTrue();

        ApiResponse self = link("Ann", "HOUSEHOLD_MEMBER", "Ann", "");
        assertThat(self.status()).isEqualTo(422);
        assertThat(self.contentType()).startsWith("application/problem+json");
        assertThat(link("Ann", "WORKS_AT", "Acme", "").status()).as("duplicate").isEqualTo(409);
        ApiResponse wrongEnds = link("Ann", "WORKS_AT", "Bob", "");
        assertThat(wrongEnds.status()).isEqualTo(422);
        assertThat(wrongEnds.json().at("/errors/0/field").asString()).isEqualTo("toCustomerId");
        assertThat(jdbc.sql("select count(*) from crm_outbox where event_type = 'crm.customer.linked' and message_key = :k")
                .param("k", ids.get("Ann")).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void referralValueCountsDirectAndIndirectReferralsAlsoAfterAMergeAndAnErasure() {
        assertThat(referrals("Ann")).containsExactly(1L, 2L);
        assertThat(referrals("Dee")).containsExactly(1L, 1L);

        ApiResponse merged = api.post("/api/customers/merge", "{\"survivorId\":\"" + ids.get("Dee")
                + "\",\"mergedIds\":[\"" + ids.get("Eve") + "\"]}");
        assertThat(merged.status()).isEqualTo(200);
        assertThat(referrals("Ann")).as("Eve merged into Dee: Fay is now Dee's referral").containsExactly(1L, 1L);
        assertThat(referrals("Dee")).containsExactly(1L, 0L);

        ApiClient admin = ApiClient.of("http://localhost:" + port).withToken(TestTokens.withScopes("crm.admin"));
        assertThat(admin.post("/api/customers/" + ids.get("Dee") + "/erasure", "").status()).isEqualTo(200);
        assertThat(referrals("Ann")).as("the erased customer's links are gone").containsExactly(0L, 0L);
    }

    private List<Long> referrals(String who) {
        JsonNode r = api.get("/api/customers/" + ids.get(who) + "/referrals").json();
        return List.of(r.get("direct").asLong(), r.get("indirect").asLong());
    }
}
