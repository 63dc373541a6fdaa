package com.crm.customer.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.crm.contracts.Topics;
import com.crm.contracts.events.customer.CustomerRegistered;
import com.crm.contracts.events.customer.CustomerUpdated;
import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmServiceTest;
import com.crm.test.EventCapture;
import com.crm.test.TestTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Record-level access with people of two teams: alice (agent, north), bob (agent, south), maria (manager, north),
 * an admin and an integrator (client credentials). A customer outside one's visibility answers as a missing one,
 * and never shows in a list.
 */
@CrmServiceTest
class RecordAccessIntegrationTest {

    @RegisterExtension
    static final EventCapture events = EventCapture.of(Topics.CUSTOMER);

    @LocalServerPort
    int port;

    private ApiClient alice;
    private ApiClient bob;
    private ApiClient maria;
    private ApiClient admin;
    private ApiClient erp;
    /** Tags this test's customers, so lists can be read apart from other tests' customers. */
    private String tag;

    @BeforeEach
    void people() {
        ApiClient base = ApiClient.of("http://localhost:" + port);
        alice = base.withToken(TestTokens.forUser("alice", "agent", "north", "crm.read", "crm.write"));
        bob = base.withToken(TestTokens.forUser("bob", "agent", "south", "crm.read", "crm.write"));
        maria = base.withToken(TestTokens.forUser("maria", "manager", "north", "crm.read", "crm.write"));
        admin = base.withToken(TestTokens.forUser("admin", "admin", null, "crm.read", "crm.write", "crm.admin"));
        erp = base.withToken(TestTokens.forClient("crm-erp-integrator", "crm.read", "crm.write", "crm.integration"));
        tag = "acc-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private JsonNode create(ApiClient as, String name, String extra) {
        ApiResponse created = as.post(
                "/api/customers",
                "{\"type\":\"PERSON\",\"givenName\":\"" + name + "\",\"tags\":[\"" + tag + "\"]" + extra + "}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json();
    }

    private Set<String> listed(ApiClient as) {
        ApiResponse page = as.get("/api/customers?limit=500&tag=" + tag);
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        Set<String> names = new HashSet<>();
        page.json().get("items").forEach(c -> names.add(c.get("givenName").asString()));
        return names;
    }

    @Test
    void peopleOwnWhatTheyRegisterAndSeeByRole() {
        JsonNode a1 = create(alice, "A1", "");
        JsonNode b1 = create(bob, "B1", "");
        JsonNode m1 = create(maria, "M1", "");
        create(erp, "U1", "");
        create(erp, "A2", ",\"ownerId\":\"alice\",\"teamId\":\"north\"");

        assertThat(a1.get("ownerId").asString()).isEqualTo("alice");
        assertThat(a1.get("teamId").asString()).isEqualTo("north");
        assertThat(b1.get("teamId").asString()).isEqualTo("south");
        assertThat(m1.get("ownerId").asString()).isEqualTo("maria");
        CustomerRegistered registered =
                events.await("crm.customer.registered", a1.get("id").asString()).data(CustomerRegistered.class);
        assertThat(registered.customer().ownerId()).isEqualTo("alice");
        assertThat(registered.customer().teamId()).isEqualTo("north");

        assertThat(listed(alice)).containsExactlyInAnyOrder("A1", "A2");
        assertThat(listed(bob)).containsExactlyInAnyOrder("B1");
        assertThat(listed(maria)).as("north's and the unassigned").containsExactlyInAnyOrder("A1", "A2", "M1", "U1");
        assertThat(listed(admin)).containsExactlyInAnyOrder("A1", "A2", "B1", "M1", "U1");
        assertThat(listed(erp)).containsExactlyInAnyOrder("A1", "A2", "B1", "M1", "U1");

        String b1Path = "/api/customers/" + b1.get("id").asString();
        assertThat(alice.get("/api/customers/" + a1.get("id").asString()).status())
                .isEqualTo(200);
        assertThat(maria.get("/api/customers/" + a1.get("id").asString()).status())
                .isEqualTo(200);
        assertThat(alice.get("/api/customers/" + m1.get("id").asString()).status())
                .as("a teammate's customer is not an agent's")
                .isEqualTo(404);
        assertThat(maria.get(b1Path).status()).isEqualTo(404);
        assertThat(bob.get(b1Path).status()).isEqualTo(200);
    }

    @Test
    void anotherTeamsCustomerAnswers404EverywhereAsAMissingOne() {
        JsonNode b1 = create(bob, "B1", "");
        String id = b1.get("id").asString();
        String path = "/api/customers/" + id;
        ApiResponse purchase = erp.post("/api/purchases", """
                {"customerId":"%s","source":"%s","erpId":"P-1","occurredAt":"2026-03-02T10:00:00Z",
                 "amount":"10.00","currency":"USD"}""".formatted(id, tag));
        assertThat(purchase.status()).as(purchase.body()).isEqualTo(201);
        String purchaseId = purchase.json().get("id").asString();

        ApiResponse hidden = alice.get(path);
        UUID unknownId = UUID.randomUUID();
        ApiResponse missing = alice.get("/api/customers/" + unknownId);
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(hidden.contentType()).startsWith("application/problem+json");
        assertThat(hidden.body().replace(id, "ID")).isEqualTo(missing.body().replace(unknownId.toString(), "ID"));

        assertThat(alice.withHeader("If-Match", "\"1\"")
                        .patch(path, "{\"company\":\"Mine now\"}")
                        .status())
                .isEqualTo(404);
        assertThat(alice.delete(path).status()).isEqualTo(404);
        assertThat(alice.get(path + "/overview").status()).isEqualTo(404);
        assertThat(alice.get(path + "/relationships").status()).isEqualTo(404);
        assertThat(alice.get(path + "/data-quality").status()).isEqualTo(404);
        assertThat(alice.get("/api/purchases/" + purchaseId).status()).isEqualTo(404);
        ApiResponse purchases = alice.get("/api/purchases?customerId=" + id);
        assertThat(purchases.status()).isEqualTo(200);
        assertThat(purchases.json().get("items")).isEmpty();
        ApiResponse forHidden = alice.post("/api/purchases", """
                {"customerId":"%s","source":"%s","erpId":"P-2","occurredAt":"2026-03-02T10:00:00Z",
                 "amount":"10.00","currency":"USD"}""".formatted(id, tag));
        assertThat(forHidden.status()).as(forHidden.body()).isEqualTo(422);

        // still there, unchanged, for those who see it
        ApiResponse stillThere = bob.get(path);
        assertThat(stillThere.status()).isEqualTo(200);
        assertThat(stillThere.json().get("version").asLong()).isEqualTo(1);
        assertThat(bob.get("/api/purchases?customerId=" + id).json().get("items"))
                .hasSize(1);
        assertThat(admin.get(path + "/overview").status()).isEqualTo(200);
        assertThat(erp.get("/api/purchases/" + purchaseId).status()).isEqualTo(200);
    }

    @Test
    void linksToCustomersOneDoesNotSeeAreLeftOut() {
        JsonNode a1 = create(alice, "A1", "");
        JsonNode b1 = create(bob, "B1", "");
        String a1Id = a1.get("id").asString();
        String b1Id = b1.get("id").asString();

        ApiResponse byAlice = alice.post(
                "/api/customers/" + a1Id + "/relationships",
                "{\"toCustomerId\":\"" + b1Id + "\",\"type\":\"REFERRED_BY\"}");
        assertThat(byAlice.status()).as("as an unknown customer").isEqualTo(422);
        assertThat(byAlice.json().at("/errors/0/field").asString()).isEqualTo("toCustomerId");
        ApiResponse byErp = erp.post(
                "/api/customers/" + a1Id + "/relationships",
                "{\"toCustomerId\":\"" + b1Id + "\",\"type\":\"REFERRED_BY\"}");
        assertThat(byErp.status()).as(byErp.body()).isEqualTo(201);

        assertThat(alice.get("/api/customers/" + a1Id + "/relationships").json())
                .isEmpty();
        assertThat(alice.get("/api/relationships/" + byErp.json().get("id").asString())
                        .status())
                .isEqualTo(404);
        assertThat(erp.get("/api/customers/" + a1Id + "/relationships").json()).hasSize(1);
    }

    @Test
    void agentsCannotMoveCustomersOutOfTheirReachManagersWithinTheirTeam() {
        JsonNode a1 = create(alice, "A1", "");
        String path = "/api/customers/" + a1.get("id").asString();

        ApiResponse toSouth = alice.withHeader("If-Match", "\"1\"").patch(path, "{\"teamId\":\"south\"}");
        assertThat(toSouth.status()).as(toSouth.body()).isEqualTo(403);
        assertThat(toSouth.contentType()).startsWith("application/problem+json");
        assertThat(toSouth.json().at("/errors/0/field").asString()).isEqualTo("teamId");
        ApiResponse toBob = alice.withHeader("If-Match", "\"1\"").patch(path, "{\"ownerId\":\"bob\"}");
        assertThat(toBob.status()).isEqualTo(403);
        assertThat(toBob.json().at("/errors/0/field").asString()).isEqualTo("ownerId");
        ApiResponse createdInSouth =
                alice.post("/api/customers", "{\"type\":\"PERSON\",\"givenName\":\"X\",\"teamId\":\"south\"}");
        assertThat(createdInSouth.status()).isEqualTo(403);
        assertThat(createdInSouth.json().at("/errors/0/field").asString()).isEqualTo("teamId");
        assertThat(alice.withHeader("If-Match", "\"1\"")
                        .patch(path, "{\"company\":\"Acme\"}")
                        .status())
                .as("other changes stay allowed")
                .isEqualTo(200);

        ApiResponse mariaToSouth = maria.withHeader("If-Match", "\"2\"").patch(path, "{\"teamId\":\"south\"}");
        assertThat(mariaToSouth.status()).isEqualTo(403);
        ApiResponse toMaria = maria.withHeader("If-Match", "\"2\"").patch(path, "{\"ownerId\":\"maria\"}");
        assertThat(toMaria.status()).as(toMaria.body()).isEqualTo(200);
        assertThat(alice.get(path).status()).as("no longer alice's").isEqualTo(404);

        ApiResponse toSouthByAdmin = admin.withHeader("If-Match", "\"3\"").patch(path, "{\"teamId\":\"south\"}");
        assertThat(toSouthByAdmin.status()).as(toSouthByAdmin.body()).isEqualTo(200);
        assertThat(maria.get(path).status()).isEqualTo(404);
        CustomerUpdated moved = events.awaitMatching(e -> e.event().getType().equals("crm.customer.updated")
                        && a1.get("id").asString().equals(e.event().getSubject())
                        && e.data(CustomerUpdated.class).changedFields().contains("teamId"))
                .data(CustomerUpdated.class);
        assertThat(moved.customer().teamId()).isEqualTo("south");
        assertThat(moved.customer().ownerId()).isEqualTo("maria");
    }

    @Test
    void pagesOfAnAgentHoldOnlyTheirCustomersAndCursorsWalkThemAll() {
        for (int i = 0; i < 3; i++) {
            create(alice, "A" + i, "");
            create(bob, "B" + i, "");
        }
        List<String> walked = new ArrayList<>();
        String cursor = null;
        do {
            ApiResponse page =
                    alice.get("/api/customers?limit=1&tag=" + tag + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            page.json().get("items").forEach(c -> walked.add(c.get("givenName").asString()));
            cursor = page.json().get("nextCursor").isNull()
                    ? null
                    : page.json().get("nextCursor").asString();
        } while (cursor != null && walked.size() < 10);
        assertThat(walked).containsExactly("A0", "A1", "A2");
    }

    @Test
    void duplicateCandidatesAndQualityListsShowOnlyVisibleCustomers() {
        String shared = "dup-" + UUID.randomUUID() + "@example.com";
        String own = "own-" + UUID.randomUUID() + "@example.com";
        String aliceCustomer = create(alice, "Zhang Wei", ",\"emails\":[{\"address\":\"" + shared + "\"}]")
                .get("id")
                .asString();
        create(bob, "Zhang Wei", ",\"emails\":[{\"address\":\"" + shared + "\"}]");
        String aliceFirst = create(alice, "Li Na", ",\"emails\":[{\"address\":\"" + own + "\"}]")
                .get("id")
                .asString();
        create(alice, "Li Na", ",\"emails\":[{\"address\":\"" + own + "\"}]");

        await().atMost(Duration.ofSeconds(30))
                .until(() -> erp.get("/api/duplicates?status=OPEN&customerId=" + aliceCustomer)
                                .json()
                                .get("items")
                                .size()
                        == 1);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> alice.get("/api/duplicates?status=OPEN&customerId=" + aliceFirst)
                                .json()
                                .get("items")
                                .size()
                        == 1);
        assertThat(alice.get("/api/duplicates?status=OPEN&customerId=" + aliceCustomer)
                        .json()
                        .get("items"))
                .as("the pair with bob's customer")
                .isEmpty();

        String badPhone = ",\"phones\":[{\"number\":\"+1 111 555 0199\"}]";
        String alicesBad = create(alice, "Bad Phone", badPhone).get("id").asString();
        String bobsBad = create(bob, "Bad Phone", badPhone).get("id").asString();
        List<String> flagged = new ArrayList<>();
        alice.get("/api/data-quality/customers?issue=PHONE_NOT_DIALABLE&limit=500")
                .json()
                .get("items")
                .forEach(i -> flagged.add(i.get("customerId").asString()));
        assertThat(flagged).contains(alicesBad).doesNotContain(bobsBad);
        assertThat(alice.get("/api/customers/" + bobsBad + "/data-quality").status())
                .isEqualTo(404);
    }

    @Test
    void theChangeFeedGivesAPersonTheEventsOfTheCustomersTheySee() {
        String a1 = create(alice, "Feed A", "").get("id").asString();
        String b1 = create(bob, "Feed B", "").get("id").asString();
        String m1 = create(maria, "Feed M", "").get("id").asString();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(feedSubjects(erp)).contains(a1, b1, m1));

        List<String> alices = feedSubjects(alice);
        assertThat(alices).contains(a1).doesNotContain(b1, m1);
        assertThat(feedSubjects(maria)).contains(a1, m1).doesNotContain(b1);
        assertThat(feedSubjects(bob)).contains(b1).doesNotContain(a1, m1);
    }

    /** Every event's subject in the change feed, page by page until an empty page. */
    private List<String> feedSubjects(ApiClient as) {
        List<String> subjects = new ArrayList<>();
        String cursor = "";
        for (int page = 0; page < 1000; page++) {
            ApiResponse response =
                    as.get("/api/customers/changes?limit=500" + (cursor.isEmpty() ? "" : "&cursor=" + cursor));
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            JsonNode items = response.json().get("items");
            if (items.isEmpty()) {
                return subjects;
            }
            items.forEach(e -> subjects.add(e.get("subject").asString()));
            cursor = response.json().get("nextCursor").asString();
        }
        throw new AssertionError("the feed did not end");
    }

    @Test
    void organisationWideViewsAreForThoseWhoSeeEveryCustomer() {
        assertThat(maria.get("/api/data-quality/report").status()).isEqualTo(403);
        assertThat(erp.get("/api/customers/changes").status()).isEqualTo(200);
        assertThat(admin.get("/api/data-quality/report").status()).isEqualTo(200);
    }
}
