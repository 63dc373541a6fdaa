package com.crm.webhook.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.TestTokens;
import com.crm.webhook.WebhookIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Integrators own what they create: another client's subscription, delivery or dead letter is a 404. */
class OwnershipIntegrationTest extends WebhookIntegrationTest {

    private ApiClient integratorA;
    private ApiClient integratorB;

    @BeforeEach
    void integrators() {
        integratorA =
                anonymous.withToken(TestTokens.forClient("integrator-a", "crm.read", "crm.write", "crm.integration"));
        integratorB =
                anonymous.withToken(TestTokens.forClient("integrator-b", "crm.read", "crm.write", "crm.integration"));
    }

    @Test
    void anIntegratorCannotReadListChangeDeletePauseOrReplayAnotherIntegratorsSubscriptionsButAdminCan() {
        String subscriptionA = create(integratorA, "http://127.0.0.1:9/a");
        String subscriptionB = create(integratorB, "http://127.0.0.1:9/b");
        String deadLetterA = deadLetter(integratorA, subscriptionA);
        String deadLetterB = deadLetter(integratorB, subscriptionB);
        String a = "/api/webhooks/subscriptions/" + subscriptionA;

        // B sees its own only
        assertThat(ids(integratorB.get("/api/webhooks/subscriptions?limit=500")))
                .containsExactly(subscriptionB);
        assertThat(ids(integratorB.get("/api/webhooks/dead-letters"))).containsExactly(deadLetterB);
        assertThat(ids(integratorB.get("/api/webhooks/dead-letters?subscriptionId=" + subscriptionA)))
                .isEmpty();
        // and every call on A's things is a 404, as if they did not exist
        assertNotFound(integratorB.get(a));
        assertNotFound(
                integratorB.withHeader("If-Match", "\"1\"").patch(a, "{\"targetUrl\":\"http://127.0.0.1:9/b\"}"));
        assertNotFound(integratorB.withHeader("If-Match", "\"1\"").patch(a, "{\"active\":false}"));
        assertNotFound(integratorB.delete(a));
        assertNotFound(integratorB.post(a + "/ping", null));
        assertNotFound(integratorB.get(a + "/deliveries"));
        assertNotFound(integratorB.get("/api/webhooks/deliveries/" + deadLetterA));
        assertNotFound(integratorB.post("/api/webhooks/dead-letters/" + deadLetterA + "/replay", null));
        assertNotFound(integratorB.post("/api/webhooks/dead-letters/replay?subscriptionId=" + subscriptionA, null));
        ApiResponse replayAll = integratorB.post("/api/webhooks/dead-letters/replay", null);
        assertThat(replayAll.status()).isEqualTo(202);
        assertThat(replayAll.json().get("replayed").asInt()).isEqualTo(1); // its own only

        // A's subscription and dead letter are untouched
        assertThat(status(deadLetterA)).isEqualTo("DEAD");
        ApiResponse own = integratorA.get(a);
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.json().get("targetUrl").asString()).isEqualTo("http://127.0.0.1:9/a");
        assertThat(own.json().get("active").asBoolean()).isTrue();
        assertThat(own.json().get("createdBy").asString()).isEqualTo("integrator-a");
        assertThat(ids(integratorA.get("/api/webhooks/subscriptions"))).containsExactly(subscriptionA);
        assertThat(ids(integratorA.get("/api/webhooks/dead-letters"))).containsExactly(deadLetterA);
        assertThat(integratorA.get("/api/webhooks/deliveries/" + deadLetterA).status())
                .isEqualTo(200);

        // crm.admin sees and acts on all
        assertThat(ids(admin.get("/api/webhooks/subscriptions?limit=500")))
                .containsExactly(subscriptionA, subscriptionB);
        assertThat(ids(admin.get("/api/webhooks/dead-letters"))).contains(deadLetterA);
        assertThat(admin.get("/api/webhooks/deliveries/" + deadLetterA).status())
                .isEqualTo(200);
        assertThat(admin.post("/api/webhooks/dead-letters/" + deadLetterA + "/replay", null)
                        .status())
                .isEqualTo(202);
        assertThat(status(deadLetterA)).isEqualTo("PENDING");
        assertThat(admin.withHeader("If-Match", "\"1\"")
                        .patch(a, "{\"active\":false}")
                        .status())
                .isEqualTo(200);
        assertThat(admin.delete(a).status()).isEqualTo(204);
        assertThat(integratorA.get(a).status()).isEqualTo(404);
    }

    private String create(ApiClient client, String url) {
        ApiResponse created = client.post("/api/webhooks/subscriptions", """
                {"targetUrl":"%s","eventTypes":["crm.customer.*"]}""".formatted(url));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    /** A ping of the subscription (to a port nobody listens on), parked as a dead letter at once. */
    private String deadLetter(ApiClient client, String subscription) {
        ApiResponse ping = client.post("/api/webhooks/subscriptions/" + subscription + "/ping", null);
        assertThat(ping.status()).as(ping.body()).isEqualTo(202);
        String id = ping.json().get("id").asString();
        jdbc.sql("update webhook_delivery set status = 'DEAD', dead_at = now(), next_attempt_at = null where id = "
                        + "cast(:id as uuid)")
                .param("id", id)
                .update();
        return id;
    }

    private String status(String delivery) {
        return jdbc.sql("select status from webhook_delivery where id = cast(:id as uuid)")
                .param("id", delivery)
                .query(String.class)
                .single();
    }

    private static void assertNotFound(ApiResponse response) {
        assertThat(response.status()).as(response.body()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    private static List<String> ids(ApiResponse page) {
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (JsonNode item : page.json().get("items")) {
            ids.add(item.get("id").asString());
        }
        return ids;
    }
}
