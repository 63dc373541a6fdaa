package com.crm.customer.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.crm.contracts.Topics;
import com.crm.contracts.events.customer.CustomerConsentPurposeChanged;
import com.crm.contracts.events.customer.CustomerSubscriptionChanged;
import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmServiceTest;
import com.crm.test.EventCapture;
import com.crm.test.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Consent by purpose end to end: decisions with legal basis and evidence, their history with actors, events other
 * services act on, retries and out-of-order syncs that change nothing, expiry, subscription types and choices, merges
 * (the most restrictive decision wins), erasure (history purged), record-level access and bad input.
 */
@CrmServiceTest
class ConsentPurposeIntegrationTest {

    @RegisterExtension
    static final EventCapture events = EventCapture.of(Topics.CUSTOMER);

    @LocalServerPort
    int port;

    @Autowired
    ConsentMaintenance maintenance;

    private ApiClient writer;
    private ApiClient configurer;
    private ApiClient north;
    private ApiClient south;

    @BeforeEach
    void clients() {
        ApiClient base = ApiClient.of("http://localhost:" + port);
        writer = base.withToken(TestTokens.forUser(
                "cora", "admin", null, "crm.read", "crm.write", "crm.merge", "crm.erase", "crm.export"));
        configurer = base.withToken(TestTokens.withScopes("crm.read", "crm.write", "crm.config"));
        north = base.withToken(TestTokens.forUser("nina", "agent", "north", "crm.read", "crm.write"));
        south = base.withToken(TestTokens.forUser("sam", "agent", "south", "crm.read", "crm.write"));
    }

    private String customer(ApiClient as) {
        ApiResponse r = as.post("/api/customers", "{\"type\":\"PERSON\",\"displayName\":\"Consent Person\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    private ApiResponse put(ApiClient as, String path, String json) {
        return as.send("PUT", path, json, "application/json");
    }

    private static final String GRANT = """
            {"status":"GRANTED","legalBasis":"CONSENT","source":"web-form",
             "evidence":"signup form v3, box 'analyse my purchases' ticked, ip 10.0.0.1"}""";

    @Test
    void aWithdrawalIsRecordedWithItsHistoryAndPublished() {
        String id = customer(writer);
        ApiResponse granted = put(writer, "/api/customers/" + id + "/consent-purposes/PROFILING", GRANT);
        assertThat(granted.status()).as(granted.body()).isEqualTo(200);
        assertThat(granted.json().get("status").asString()).isEqualTo("GRANTED");
        assertThat(granted.json().get("channel").asString()).isEqualTo("ALL");
        assertThat(granted.json().at("/actor/id").asString()).isEqualTo("cora");

        ApiResponse withdrawn = put(writer, "/api/customers/" + id + "/consent-purposes/profiling", """
                {"status":"WITHDRAWN","legalBasis":"CONSENT","source":"preference-centre"}""");
        assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);

        CustomerConsentPurposeChanged event = events.awaitMatching(r -> id.equals(r.key())
                        && r.event().getType().equals("crm.customer.consent-purpose-changed")
                        && r.data(CustomerConsentPurposeChanged.class).status().equals("WITHDRAWN"))
                .data(CustomerConsentPurposeChanged.class);
        assertThat(event.purpose()).isEqualTo("PROFILING");
        assertThat(event.channel()).isEqualTo("ALL");
        assertThat(event.previousStatus()).isEqualTo("GRANTED");
        assertThat(event.legalBasis()).isEqualTo("CONSENT");
        assertThat(event.actor().id()).isEqualTo("cora");

        // the same decision again, and one decided before the stored one, change nothing
        assertThat(put(writer, "/api/customers/" + id + "/consent-purposes/PROFILING", """
                {"status":"WITHDRAWN","legalBasis":"CONSENT","source":"preference-centre"}""")
                        .status())
                .isEqualTo(200);
        ApiResponse stale = put(writer, "/api/customers/" + id + "/consent-purposes/PROFILING", """
                {"status":"GRANTED","legalBasis":"CONSENT","evidence":"old paper form","changedAt":"2020-01-01T00:00:00Z"}""");
        assertThat(stale.status()).as(stale.body()).isEqualTo(200);
        assertThat(stale.json().get("status").asString())
                .as("the newer withdrawal stands")
                .isEqualTo("WITHDRAWN");

        JsonNode purposes =
                writer.get("/api/customers/" + id + "/consent-purposes").json().get("items");
        assertThat(purposes.size()).isEqualTo(1);
        assertThat(purposes.get(0).get("status").asString()).isEqualTo("WITHDRAWN");
        assertThat(purposes.get(0).get("source").asString()).isEqualTo("preference-centre");

        JsonNode history =
                writer.get("/api/customers/" + id + "/consent-history?limit=1").json();
        assertThat(history.get("items").get(0).get("status").asString()).isEqualTo("WITHDRAWN");
        assertThat(history.get("items").get(0).get("previousStatus").asString()).isEqualTo("GRANTED");
        String next = history.get("nextCursor").asString();
        JsonNode older = writer.get("/api/customers/" + id + "/consent-history?limit=1&cursor=" + next)
                .json();
        assertThat(older.get("items").get(0).get("status").asString()).isEqualTo("GRANTED");
        assertThat(older.get("items").get(0).get("evidence").asString()).contains("signup form v3");
        assertThat(older.get("nextCursor").isNull())
                .as("two changes only: retries added none")
                .isTrue();
    }

    @Test
    void aChannelRecordStandsBesideTheAllChannelOneAndAGrantLapsesAtItsExpiry() {
        String id = customer(writer);
        assertThat(put(writer, "/api/customers/" + id + "/consent-purposes/MARKETING", GRANT)
                        .status())
                .isEqualTo(200);
        String expiresAt =
                Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.MILLIS).toString();
        ApiResponse sms =
                put(writer, "/api/customers/" + id + "/consent-purposes/MARKETING/sms", """
                {"status":"GRANTED","legalBasis":"CONSENT","evidence":"sms keyword YES","expiresAt":"%s"}""".formatted(expiresAt));
        assertThat(sms.status()).as(sms.body()).isEqualTo(200);
        assertThat(sms.json().get("channel").asString()).isEqualTo("SMS");

        await().atMost(Duration.ofSeconds(20)).until(() -> {
            maintenance.expireBatch();
            JsonNode items = writer.get("/api/customers/" + id + "/consent-purposes")
                    .json()
                    .get("items");
            for (JsonNode c : items) {
                if (c.get("channel").asString().equals("SMS")) {
                    return c.get("status").asString().equals("EXPIRED");
                }
            }
            return false;
        });
        CustomerConsentPurposeChanged lapsed = events.awaitMatching(r -> id.equals(r.key())
                        && r.event().getType().equals("crm.customer.consent-purpose-changed")
                        && r.data(CustomerConsentPurposeChanged.class).status().equals("EXPIRED"))
                .data(CustomerConsentPurposeChanged.class);
        assertThat(lapsed.channel()).isEqualTo("SMS");
        assertThat(lapsed.previousStatus()).isEqualTo("GRANTED");
        JsonNode items =
                writer.get("/api/customers/" + id + "/consent-purposes").json().get("items");
        assertThat(items.size()).isEqualTo(2);
        assertThat(items.get(0).get("channel").asString()).as("ALL sorts first").isEqualTo("ALL");
        assertThat(items.get(0).get("status").asString())
                .as("the all-channel grant is untouched")
                .isEqualTo("GRANTED");
    }

    @Test
    void badDecisionsAreRefusedNamingEachField() {
        String id = customer(writer);
        String path = "/api/customers/" + id + "/consent-purposes/";
        ApiResponse r = put(writer, path + "MARKETING", """
                {"source":"%s"}""".formatted("x".repeat(101)));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.header("Content-Type")).contains("application/problem+json");
        assertThat(fields(r)).containsExactlyInAnyOrder("status", "legalBasis", "source");

        r = put(writer, path + "MARKETING", """
                {"status":"GRANTED","legalBasis":"CONSENT"}""");
        assertThat(fields(r)).containsExactly("evidence");

        r = put(writer, path + "MARKETING", """
                {"status":"WITHDRAWN","legalBasis":"CONSENT","expiresAt":"2999-01-01T00:00:00Z"}""");
        assertThat(fields(r)).containsExactly("expiresAt");

        r = put(writer, path + "MARKETING", """
                {"status":"EXPIRED","legalBasis":"CONSENT","changedAt":"2999-01-01T00:00:00Z"}""");
        assertThat(fields(r)).containsExactlyInAnyOrder("status", "changedAt");

        r = put(writer, path + "GOSSIP", GRANT);
        assertThat(r.status()).isEqualTo(400);
        assertThat(fields(r)).containsExactly("purpose");

        r = put(writer, path + "PROFILING/EMAIL", GRANT);
        assertThat(fields(r)).containsExactly("channel");

        r = put(writer, path + "MARKETING/FAX", GRANT);
        assertThat(fields(r)).containsExactly("channel");

        r = put(writer, path + "MARKETING", """
                {"status":"MAYBE","legalBasis":"CONSENT"}""");
        assertThat(r.status()).isEqualTo(400);
        assertThat(fields(r)).contains("status");

        assertThat(put(writer, "/api/customers/" + UUID.randomUUID() + "/consent-purposes/MARKETING", GRANT)
                        .status())
                .isEqualTo(404);
        assertThat(writer.get("/api/customers/" + id + "/consent-purposes")
                        .json()
                        .get("items")
                        .size())
                .as("nothing half-written")
                .isZero();
    }

    @Test
    void subscriptionTypesAreDefinedByAdminsAndChosenOneByOne() {
        String key = "news_" + UUID.randomUUID().toString().substring(0, 8);
        String type = """
                {"key":"%s","name":"Monthly newsletter","purpose":"MARKETING","channel":"EMAIL"}""".formatted(key);
        assertThat(writer.post("/api/subscription-types", type).status()).isEqualTo(403);
        ApiResponse defined = configurer.post("/api/subscription-types", type);
        assertThat(defined.status()).as(defined.body()).isEqualTo(201);
        assertThat(configurer.post("/api/subscription-types", type).status()).isEqualTo(409);
        ApiResponse bad = configurer.post("/api/subscription-types", """
                {"key":"Bad Key","purpose":"PROFILING","channel":"FAX"}""");
        assertThat(fields(bad)).containsExactlyInAnyOrder("key", "name", "purpose", "channel");
        ApiResponse purposeChange = put(configurer, "/api/subscription-types/" + key, """
                {"name":"Monthly newsletter","purpose":"SERVICE","channel":"EMAIL"}""");
        assertThat(fields(purposeChange)).containsExactly("purpose");

        String id = customer(writer);
        JsonNode before =
                writer.get("/api/customers/" + id + "/subscriptions").json().get("items");
        assertThat(choice(before, key)).isEqualTo("NOT_SPECIFIED");
        ApiResponse out = put(writer, "/api/customers/" + id + "/subscriptions/" + key, """
                {"status":"UNSUBSCRIBED","source":"email-footer"}""");
        assertThat(out.status()).as(out.body()).isEqualTo(200);
        CustomerSubscriptionChanged event = events.awaitMatching(
                        r -> id.equals(r.key()) && r.event().getType().equals("crm.customer.subscription-changed"))
                .data(CustomerSubscriptionChanged.class);
        assertThat(event.subscriptionType()).isEqualTo(key);
        assertThat(event.purpose()).isEqualTo("MARKETING");
        assertThat(event.channel()).isEqualTo("EMAIL");
        assertThat(event.status()).isEqualTo("UNSUBSCRIBED");
        assertThat(choice(
                        writer.get("/api/customers/" + id + "/subscriptions")
                                .json()
                                .get("items"),
                        key))
                .isEqualTo("UNSUBSCRIBED");

        assertThat(put(writer, "/api/customers/" + id + "/subscriptions/nope_" + key, """
                {"status":"SUBSCRIBED"}""")
                        .status())
                .isEqualTo(400);
        assertThat(configurer
                        .send("DELETE", "/api/subscription-types/" + key, null, null)
                        .status())
                .isEqualTo(204);
        ApiResponse archivedType = put(writer, "/api/customers/" + id + "/subscriptions/" + key, """
                {"status":"SUBSCRIBED"}""");
        assertThat(fields(archivedType)).containsExactly("subscriptionType");
        assertThat(choice(
                        writer.get("/api/customers/" + id + "/subscriptions")
                                .json()
                                .get("items"),
                        key))
                .as("an archived type the customer chose on is still listed")
                .isEqualTo("UNSUBSCRIBED");
    }

    @Test
    void aMergeKeepsTheMostRestrictiveDecisionAndAnErasurePurgesTheHistory() {
        String survivor = customer(writer);
        String merged = customer(writer);
        assertThat(put(writer, "/api/customers/" + survivor + "/consent-purposes/PROFILING", GRANT)
                        .status())
                .isEqualTo(200);
        assertThat(put(writer, "/api/customers/" + merged + "/consent-purposes/PROFILING", """
                {"status":"WITHDRAWN","legalBasis":"CONSENT","changedAt":"2021-01-01T00:00:00Z"}""")
                        .status())
                .isEqualTo(200);
        ApiResponse merge = writer.post(
                "/api/customers/merge", "{\"survivorId\":\"" + survivor + "\",\"mergedIds\":[\"" + merged + "\"]}");
        assertThat(merge.status()).as(merge.body()).isEqualTo(200);
        JsonNode after = writer.get("/api/customers/" + survivor + "/consent-purposes")
                .json()
                .get("items");
        assertThat(after.get(0).get("status").asString())
                .as("a withdrawal on either profile stands, even an older one")
                .isEqualTo("WITHDRAWN");
        events.awaitMatching(r -> survivor.equals(r.key())
                && r.event().getType().equals("crm.customer.consent-purpose-changed")
                && r.data(CustomerConsentPurposeChanged.class).status().equals("WITHDRAWN"));

        JsonNode export = writer.get("/api/customers/" + survivor + "/export").json();
        assertThat(export.at("/consent/purposes/0/status").asString()).isEqualTo("WITHDRAWN");
        assertThat(export.at("/consent/history").size())
                .as("the access export holds the history: the grant and the carried withdrawal")
                .isGreaterThanOrEqualTo(2);

        ApiResponse erased = writer.post("/api/customers/" + survivor + "/erasure", "");
        assertThat(erased.status()).as(erased.body()).isEqualTo(200);
        assertThat(writer.get("/api/customers/" + survivor + "/consent-history")
                        .json()
                        .get("items")
                        .size())
                .isZero();
        assertThat(writer.get("/api/customers/" + merged + "/consent-history")
                        .json()
                        .get("items")
                        .size())
                .as("the merged-away profile is erased with its survivor")
                .isZero();
        assertThat(writer.get("/api/customers/" + survivor + "/consent-purposes")
                        .json()
                        .get("items")
                        .size())
                .isZero();
    }

    @Test
    void anotherTeamsCustomerAnswersAsAMissingOne() {
        String id = customer(north);
        assertThat(put(south, "/api/customers/" + id + "/consent-purposes/MARKETING", GRANT)
                        .status())
                .isEqualTo(404);
        assertThat(south.get("/api/customers/" + id + "/consent-history").status())
                .isEqualTo(404);
        assertThat(put(north, "/api/customers/" + id + "/consent-purposes/MARKETING", GRANT)
                        .status())
                .isEqualTo(200);
    }

    private static String choice(JsonNode items, String key) {
        for (JsonNode s : items) {
            if (s.get("subscriptionType").asString().equals(key)) {
                return s.get("status").asString();
            }
        }
        return null;
    }

    private static List<String> fields(ApiResponse r) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        r.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        return fields;
    }
}
