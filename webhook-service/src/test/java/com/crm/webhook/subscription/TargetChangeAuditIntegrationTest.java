package com.crm.webhook.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.Topics;
import com.crm.contracts.events.audit.AuditRecorded;
import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.EventCapture;
import com.crm.test.TestTokens;
import com.crm.webhook.WebhookIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Where a subscription's stream goes is audited: who created it, who repointed it, from which host to which. */
class TargetChangeAuditIntegrationTest extends WebhookIntegrationTest {

    @RegisterExtension
    static final EventCapture audit = EventCapture.of(Topics.AUDIT);

    @Test
    void creatingAndRepointingASubscriptionAreAuditedWithTheActor() {
        ApiClient owner = anonymous.withToken(
                TestTokens.forClient("integrator-audit", "crm.read", "crm.write", "crm.integration"));
        ApiResponse created = owner.post("/api/webhooks/subscriptions", """
                {"targetUrl":"http://127.0.0.1:9/first","eventTypes":["crm.customer.*"]}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        ApiResponse moved = owner.withHeader("If-Match", "\"1\"")
                .patch("/api/webhooks/subscriptions/" + id, "{\"targetUrl\":\"http://127.0.0.1:9/second\"}");
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);

        AuditRecorded creation = await(id, "webhook-subscription.created");
        assertThat(creation.actorId()).isEqualTo("integrator-audit");
        assertThat(creation.actorKind()).isEqualTo("CLIENT");
        assertThat(creation.details()).containsEntry("targetHost", "127.0.0.1");
        AuditRecorded change = await(id, "webhook-subscription.target-changed");
        assertThat(change.actorId()).isEqualTo("integrator-audit");
        assertThat(change.occurredAt()).isNotNull();
        assertThat(change.details())
                .containsEntry("fromHost", "127.0.0.1")
                .containsEntry("toHost", "127.0.0.1")
                .containsEntry("owner", "integrator-audit");
    }

    @Test
    void makingASubscriptionThirdPartyIsAudited() {
        ApiClient owner = anonymous.withToken(
                TestTokens.forClient("integrator-audit", "crm.read", "crm.write", "crm.integration"));
        ApiResponse created = owner.post("/api/webhooks/subscriptions", """
                {"targetUrl":"http://127.0.0.1:9/partner","eventTypes":["crm.customer.*"]}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        ApiResponse changed = owner.withHeader("If-Match", "\"1\"")
                .patch("/api/webhooks/subscriptions/" + id, "{\"thirdParty\":true}");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);

        assertThat(await(id, "webhook-subscription.created").details()).containsEntry("thirdParty", "false");
        AuditRecorded change = await(id, "webhook-subscription.third-party-changed");
        assertThat(change.actorId()).isEqualTo("integrator-audit");
        assertThat(change.details())
                .containsEntry("thirdParty", "true")
                .containsEntry("owner", "integrator-audit")
                .containsEntry("purged", "0");
    }

    @Test
    void theAuditTrailIsNoWebhookEventType() {
        ApiResponse refused = integrator.post("/api/webhooks/subscriptions", """
                {"targetUrl":"http://127.0.0.1:9/audit","eventTypes":["crm.audit.recorded"]}""");
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
    }

    private static AuditRecorded await(String subscription, String action) {
        return audit.awaitMatching(
                        r -> subscription.equals(r.data(AuditRecorded.class).subjectId())
                                && action.equals(r.data(AuditRecorded.class).action()))
                .data(AuditRecorded.class);
    }
}
