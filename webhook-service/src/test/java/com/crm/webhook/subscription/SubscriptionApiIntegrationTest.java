package com.crm.webhook.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.test.ApiClient.ApiResponse;
import com.crm.webhook.WebhookIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SubscriptionApiIntegrationTest extends WebhookIntegrationTest {

    @Test
    void aSubscriptionToADisallowedOrInternalAddressIsRefusedNamingEachField() {
        ApiResponse refused = integrator.post("/api/webhooks/subscriptions", """
                {"targetUrl":"https://localhost/hook","eventTypes":["crm.customer.*","crm.nothing.*","CRM!"]}""");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(errors(refused))
                .containsExactlyInAnyOrder(
                        "targetUrl:not-allowed (internal-address)",
                        "eventTypes[1]:invalid-value",
                        "eventTypes[2]:invalid-format");

        assertThat(errors(integrator.post("/api/webhooks/subscriptions", """
                {"targetUrl":"https://10.1.2.3/hook","eventTypes":["*"]}""")))
                .containsExactly("targetUrl:not-allowed (internal-address)");
        assertThat(errors(integrator.post("/api/webhooks/subscriptions", """
                {"targetUrl":"http://[::1]:8080/hook","eventTypes":["*"]}""")))
                .containsExactly("targetUrl:not-allowed (target-not-allowed)");
        assertThat(errors(integrator.post("/api/webhooks/subscriptions", """
                {"targetUrl":"http://127.0.0.2/hook","eventTypes":["*"]}""")))
                .containsExactly("targetUrl:not-allowed (target-not-allowed)");
        assertThat(errors(integrator.post("/api/webhooks/subscriptions", """
                {"targetUrl":"ftp://127.0.0.1/hook","eventTypes":["*"]}""")))
                .containsExactly("targetUrl:not-allowed (unsupported-scheme)");
        assertThat(errors(integrator.post("/api/webhooks/subscriptions", """
                {"targetUrl":"http://127.0.0.1/hook","eventTypes":["*"],"secret":"whsec_c2hvcnQ="}"""))).containsExactly("secret:too-short");
        assertThat(errors(integrator.post("/api/webhooks/subscriptions", """
                {"targetUrl":"http://127.0.0.1/hook","eventTypes":["*"],"secret":"sixteen or more with spaces and not whsec"}""")))
                .containsExactly("secret:invalid-format");
        assertThat(errors(integrator.post("/api/webhooks/subscriptions", """
                {"targetUrl":"http://127.0.0.1/hook","eventTypes":[]}"""))).containsExactly("eventTypes:too-few");
        assertThat(errors(integrator.post("/api/webhooks/subscriptions", """
                {"eventTypes":["*"]}"""))).containsExactly("targetUrl:required");
        assertThat(errors(integrator.post("/api/webhooks/subscriptions", """
                {"targetUrl":"http://127.0.0.1/hook","eventTypes":["*"],"colour":"red"}"""))).isNotEmpty();
        assertThat(jdbc.sql("select count(*) from webhook_subscription")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void theSecretIsShownOnceAndSubscriptionsAreListedChangedAndDeleted() {
        ApiResponse created = integrator.post("/api/webhooks/subscriptions", """
                {"targetUrl":"http://127.0.0.1:9/one","eventTypes":["crm.customer.*","crm.purchase.recorded"],
                 "description":"ERP"}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(created.header("Location")).isEqualTo("/api/webhooks/subscriptions/" + id);
        assertThat(created.json().get("secret").asString()).startsWith("whsec_").hasSizeGreaterThan(40);
        assertThat(jdbc.sql("select position(convert_to(:s, 'UTF8') in secret_ciphertext) from webhook_subscription")
                        .param("s", created.json().get("secret").asString())
                        .query(Integer.class)
                        .single())
                .isZero();

        ApiResponse read = integrator.get("/api/webhooks/subscriptions/" + id);
        assertThat(read.json().has("secret")).isFalse();
        assertThat(read.header("ETag")).isEqualTo("\"1\"");
        assertThat(read.json().get("createdBy").asString()).isEqualTo("test-client");

        for (int i = 0; i < 2; i++) {
            subscribe("http://127.0.0.1:9/more" + i, "whsec_YW5vdGhlci1zZWNyZXQtb2YtdHdlbnR5LWZvdXI=", "*");
        }
        ApiResponse first = integrator.get("/api/webhooks/subscriptions?limit=2");
        ApiResponse second = integrator.get("/api/webhooks/subscriptions?limit=2&cursor="
                + first.json().get("nextCursor").asString());
        assertThat(first.json().get("items")).hasSize(2);
        assertThat(first.json().get("items").get(0).get("id").asString()).isEqualTo(id);
        assertThat(second.json().get("items")).hasSize(1);
        assertThat(second.json().get("nextCursor").isNull()).isTrue();

        assertThat(integrator
                        .patch("/api/webhooks/subscriptions/" + id, "{\"active\":false}")
                        .status())
                .isEqualTo(428);
        ApiResponse patched = integrator
                .withHeader("If-Match", "\"1\"")
                .patch(
                        "/api/webhooks/subscriptions/" + id,
                        "{\"eventTypes\":[\"crm.*\"],\"description\":null,\"secret\":\"whsec_cm90YXRlZC1zZWNyZXQtb2YtdHdlbnR5LWZvdXI=\"}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().get("eventTypes").get(0).asString()).isEqualTo("crm.*");
        assertThat(patched.json().has("description")).isFalse();
        assertThat(patched.json().has("secret")).isFalse();
        assertThat(patched.header("ETag")).isEqualTo("\"2\"");
        assertThat(integrator
                        .withHeader("If-Match", "\"1\"")
                        .patch("/api/webhooks/subscriptions/" + id, "{\"active\":false}")
                        .status())
                .isEqualTo(412);
        assertThat(errors(integrator
                        .withHeader("If-Match", "\"2\"")
                        .patch("/api/webhooks/subscriptions/" + id, "{\"targetUrl\":\"https://192.168.1.1/x\"}")))
                .containsExactly("targetUrl:not-allowed (internal-address)");

        assertThat(integrator.delete("/api/webhooks/subscriptions/" + id).status())
                .isEqualTo(204);
        assertThat(integrator.get("/api/webhooks/subscriptions/" + id).status()).isEqualTo(404);
        assertThat(integrator
                        .get("/api/webhooks/subscriptions/event-types")
                        .json()
                        .toString())
                .contains("crm.customer.erased", "crm.purchase.recorded");
    }

    @Test
    void thirdPartyIsFalseUnlessSetAndOnlyABoolean() {
        ApiResponse created = integrator.post("/api/webhooks/subscriptions", """
                {"targetUrl":"http://127.0.0.1:9/one","eventTypes":["crm.customer.*"]}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("thirdParty").asBoolean()).isFalse();
        String id = created.json().get("id").asString();

        ApiResponse refused = integrator.post("/api/webhooks/subscriptions", """
                {"targetUrl":"http://127.0.0.1:9/two","eventTypes":["crm.customer.*"],"thirdParty":"yes"}""");
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(errors(refused))
                .extracting(e -> e.substring(0, e.indexOf(':')))
                .containsExactly("thirdParty");
        assertThat(errors(integrator
                        .withHeader("If-Match", "\"1\"")
                        .patch("/api/webhooks/subscriptions/" + id, "{\"thirdParty\":\"yes\"}")))
                .extracting(e -> e.substring(0, e.indexOf(':')))
                .containsExactly("thirdParty");
        // removing it would fall back to false, lifting the consent check: it must be said
        assertThat(errors(integrator
                        .withHeader("If-Match", "\"1\"")
                        .patch("/api/webhooks/subscriptions/" + id, "{\"thirdParty\":null}")))
                .containsExactly("thirdParty:required");

        ApiResponse patched = integrator
                .withHeader("If-Match", "\"1\"")
                .patch("/api/webhooks/subscriptions/" + id, "{\"thirdParty\":true}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(integrator
                        .get("/api/webhooks/subscriptions/" + id)
                        .json()
                        .get("thirdParty")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void webhooksNeedTheIntegrationOrAdminScope() {
        assertThat(anonymous.get("/api/webhooks/subscriptions").status()).isEqualTo(401);
        ApiResponse forbidden = agent.get("/api/webhooks/subscriptions");
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.contentType()).startsWith("application/problem+json");
        assertThat(agent.post("/api/webhooks/subscriptions", "{}").status()).isEqualTo(403);
        assertThat(admin.get("/api/webhooks/subscriptions").status()).isEqualTo(200);
        assertThat(admin.get("/api/webhooks/dead-letters").status()).isEqualTo(200);
        assertThat(integrator.get("/api/webhooks/dead-letters").status()).isEqualTo(200);
        assertThat(anonymous.get("/v3/api-docs").status()).isEqualTo(200);
    }

    private static List<String> errors(ApiResponse response) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        List<String> found = new ArrayList<>();
        JsonNode errors = response.json().get("errors");
        for (int i = 0; errors != null && i < errors.size(); i++) {
            String field = errors.get(i).get("field").asString();
            String message = errors.get(i).get("message").asString();
            // a refused target's code is the platform's; its message starts with the finer reason
            String reason = field.equals("targetUrl") && message.contains(":")
                    ? " (" + message.substring(0, message.indexOf(':')) + ")"
                    : "";
            found.add(field + ":" + errors.get(i).get("code").asString() + reason);
        }
        return found;
    }
}
