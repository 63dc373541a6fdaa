package com.crm.customer.relationship;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.events.segmentation.CustomerValueScored;
import com.crm.contracts.events.segmentation.SegmentMembershipChanged;
import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmServiceTest;
import com.crm.test.TestEvents;
import com.crm.test.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.awaitility.Awaitility;
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
        return api.post(
                "/api/customers/" + ids.get(from) + "/relationships",
                "{\"toCustomerId\":\"" + ids.get(to) + "\",\"type\":\"" + type + "\"" + extra + "}");
    }

    private Map<String, Integer> circle(String who, int depth) {
        JsonNode members = api.get("/api/customers/" + ids.get(who) + "/circle?depth=" + depth)
                .json();
        Map<String, Integer> byName = new TreeMap<>();
        members.forEach(
                m -> byName.put(m.get("displayName").asString(), m.get("depth").asInt()));
        return byName;
    }

    @Test
    void theCircleHoldsExactlyTheMembersWithinTheDepthWithThePathToEach() {
        assertThat(circle("Ann", 1)).containsExactlyEntriesOf(new TreeMap<>(Map.of("Acme", 1, "Cid", 1, "Dee", 1)));
        assertThat(circle("Ann", 2))
                .containsExactlyEntriesOf(new TreeMap<>(Map.of("Acme", 1, "Bob", 2, "Cid", 1, "Dee", 1, "Eve", 2)));
        assertThat(circle("Ann", 3)).containsEntry("Fay", 3).hasSize(6);

        JsonNode bob = StreamSupport.stream(
                        api.get("/api/customers/" + ids.get("Ann") + "/circle?depth=2")
                                .json()
                                .spliterator(),
                        false)
                .filter(m -> m.get("displayName").asString().equals("Bob"))
                .findFirst()
                .orElseThrow();
        assertThat(bob.get("path").toString())
                .isEqualTo("[\"" + ids.get("Ann") + "\",\"" + ids.get("Acme") + "\",\"" + ids.get("Bob") + "\"]");
        assertThat(bob.get("via").toString()).isEqualTo("[\"WORKS_AT>\",\"<WORKS_AT\"]");
        assertThat(api.get("/api/customers/" + ids.get("Ann") + "/circle?depth=4")
                        .status())
                .isEqualTo(400);
    }

    @Test
    void aNewLinkIsReadAtItsLocationUntilItIsRemoved() {
        ApiResponse linked = link("Bob", "HOUSEHOLD_MEMBER", "Cid", "");
        assertThat(linked.status()).as(linked.body()).isEqualTo(201);
        String location = linked.header("Location");
        assertThat(location)
                .isEqualTo("/api/relationships/" + linked.json().get("id").asString());
        JsonNode read = api.get(location).json();
        assertThat(read.get("fromName").asString()).isEqualTo("Bob");
        assertThat(read.get("toName").asString()).isEqualTo("Cid");
        assertThat(read.get("type").asString()).isEqualTo("HOUSEHOLD_MEMBER");
        assertThat(api.delete(location).status()).isEqualTo(204);
        ApiResponse gone = api.get(location);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.contentType()).startsWith("application/problem+json");
    }

    @Test
    void anOrganisationsContactsAndTheRulesOfLinking() {
        JsonNode contacts =
                api.get("/api/customers/" + ids.get("Acme") + "/contacts").json();
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
        assertThat(jdbc.sql(
                                "select count(*) from crm_outbox where event_type = 'crm.customer.linked' and message_key = :k")
                        .param("k", ids.get("Ann"))
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void referralValueCountsDirectAndIndirectReferralsAlsoAfterAMergeAndAnErasure() {
        assertThat(referrals("Ann")).containsExactly(1L, 2L);
        assertThat(referrals("Dee")).containsExactly(1L, 1L);

        ApiResponse merged = merger().post(
                        "/api/customers/merge",
                        "{\"survivorId\":\"" + ids.get("Dee") + "\",\"mergedIds\":[\"" + ids.get("Eve") + "\"]}");
        assertThat(merged.status()).isEqualTo(200);
        assertThat(referrals("Ann"))
                .as("Eve merged into Dee: Fay is now Dee's referral")
                .containsExactly(1L, 1L);
        assertThat(referrals("Dee")).containsExactly(1L, 0L);

        ApiClient admin = ApiClient.of("http://localhost:" + port).withToken(TestTokens.withScopes("crm.admin"));
        assertThat(admin.post("/api/customers/" + ids.get("Dee") + "/erasure", "")
                        .status())
                .isEqualTo(200);
        assertThat(referrals("Ann")).as("the erased customer's links are gone").containsExactly(0L, 0L);
    }

    /**
     * CLV from crm.segmentation.v1: Dee 100.50, Eve 200.00, Fay 300.25. By hand: Ann brought in Dee directly (100.50)
     * and Eve and Fay indirectly (500.25), 600.75 in all; Dee brought in Eve (200.00) and Fay (300.25).
     */
    @Test
    void referralValueSumsTheReferredCustomersClvAlsoAfterAMerge() {
        Instant t0 = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        score("Dee", "100.50", t0);
        score("Eve", "200.00", t0.plusSeconds(1));
        score("Fay", "300.25", t0);
        JsonNode ann = awaitReferrals("Ann", r -> r.get("valuedCustomers").asLong() == 3);
        assertThat(ann.get("directValue").asString()).isEqualTo("100.50");
        assertThat(ann.get("indirectValue").asString()).isEqualTo("500.25");
        assertThat(ann.get("totalValue").asString()).isEqualTo("600.75");
        JsonNode dee =
                api.get("/api/customers/" + ids.get("Dee") + "/referrals").json();
        assertThat(List.of(
                        dee.get("directValue").asString(),
                        dee.get("indirectValue").asString()))
                .containsExactly("200.00", "300.25");
        JsonNode fay =
                api.get("/api/customers/" + ids.get("Fay") + "/referrals").json();
        assertThat(fay.get("totalValue").asString()).as("referred nobody").isEqualTo("0.00");

        // Eve merged into Dee: Fay becomes Dee's direct referral; Dee's value is the newer of the two (Eve's 200.00)
        // until segmentation-service scores the merged customer again
        ApiResponse merged = merger().post(
                        "/api/customers/merge",
                        "{\"survivorId\":\"" + ids.get("Dee") + "\",\"mergedIds\":[\"" + ids.get("Eve") + "\"]}");
        assertThat(merged.status()).as(merged.body()).isEqualTo(200);
        ann = api.get("/api/customers/" + ids.get("Ann") + "/referrals").json();
        assertThat(List.of(ann.get("direct").asLong(), ann.get("indirect").asLong()))
                .containsExactly(1L, 1L);
        assertThat(List.of(
                        ann.get("directValue").asString(),
                        ann.get("indirectValue").asString(),
                        ann.get("totalValue").asString()))
                .containsExactly("200.00", "300.25", "500.25");

        score("Dee", "350.00", t0.plusSeconds(60));
        ann = awaitReferrals("Ann", r -> r.get("directValue").asString().equals("350.00"));
        assertThat(ann.get("totalValue").asString()).isEqualTo("650.25");

        // seeds of a segment: only its members, by the value they brought in
        UUID segment = UUID.randomUUID();
        TestEvents.publish(
                "/crm/segmentation-service",
                new SegmentMembershipChanged(UUID.fromString(ids.get("Dee")), segment, "Ambassadors", "JOINED", t0));
        TestEvents.publish(
                "/crm/segmentation-service",
                new SegmentMembershipChanged(UUID.fromString(ids.get("Fay")), segment, "Ambassadors", "JOINED", t0));
        TestEvents.publish(
                "/crm/segmentation-service",
                new SegmentMembershipChanged(UUID.fromString(ids.get("Ann")), segment, "Ambassadors", "JOINED", t0));
        TestEvents.publish(
                "/crm/segmentation-service",
                new SegmentMembershipChanged(
                        UUID.fromString(ids.get("Ann")), segment, "Ambassadors", "LEFT", t0.plusSeconds(5)));
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() ->
                        jdbc.sql("select count(*) from projected_segment_member where segment_id = :s and not member")
                                        .param("s", segment)
                                        .query(Long.class)
                                        .single()
                                == 1);
        JsonNode seeds = api.get("/api/referrals/seeds?segmentId=" + segment).json();
        assertThat(seeds.size()).as("Fay referred nobody, Ann left the segment").isEqualTo(1);
        assertThat(seeds.get(0).get("customerId").asString()).isEqualTo(ids.get("Dee"));
        assertThat(seeds.get(0).get("totalValue").asString()).isEqualTo("300.25");
        assertThat(api.get("/api/referrals/seeds?segmentId=" + segment + "&orderBy=count")
                        .json()
                        .size())
                .isEqualTo(1);
        ApiResponse bad = api.get("/api/referrals/seeds?orderBy=fame");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().at("/errors/0/field").asString()).isEqualTo("orderBy");

        // everyone's seeds by value: Ann (650.25 brought in) ranks above Dee (300.25)
        List<String> everyone = new ArrayList<>();
        api.get("/api/referrals/seeds?limit=100")
                .json()
                .forEach(r -> everyone.add(r.get("customerId").asString()));
        assertThat(everyone).contains(ids.get("Ann"), ids.get("Dee"));
        assertThat(everyone.indexOf(ids.get("Ann"))).isLessThan(everyone.indexOf(ids.get("Dee")));
    }

    private void score(String who, String clv, Instant at) {
        TestEvents.publish(
                "/crm/segmentation-service",
                new CustomerValueScored(
                        UUID.fromString(ids.get(who)),
                        "B",
                        clv,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        at,
                        null));
    }

    private JsonNode awaitReferrals(String who, Predicate<JsonNode> until) {
        JsonNode[] last = new JsonNode[1];
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> until.test(
                        last[0] = api.get("/api/customers/" + ids.get(who) + "/referrals")
                                .json()));
        return last[0];
    }

    private List<Long> referrals(String who) {
        JsonNode r = api.get("/api/customers/" + ids.get(who) + "/referrals").json();
        return List.of(r.get("direct").asLong(), r.get("indirect").asLong());
    }

    private ApiClient merger() {
        return ApiClient.of("http://localhost:" + port)
                .withToken(TestTokens.withScopes("crm.read", "crm.write", "crm.merge"));
    }
}
