package com.crm.webhook.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.test.ApiClient.ApiResponse;
import com.crm.webhook.TestReceiver;
import com.crm.webhook.WebhookIntegrationTest;
import com.crm.webhook.signature.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A subscription stored before the Tink keyset and Standard Webhooks (its secret any string, AES-GCM with
 * crm.webhook.secret-key) is delivered and signed with that secret's UTF-8 bytes, before and after its secret is
 * re-encrypted with the keyset.
 */
class SecretMigrationIntegrationTest extends WebhookIntegrationTest {

    private static final String OLD_SECRET = "an-old-secret-of-any-form";

    @Autowired
    SecretReencryption reencryption;

    @Test
    void aSecretOfTheFirstCipherIsReadThenReencryptedWithTheKeyset() throws Exception {
        try (TestReceiver receiver = new TestReceiver()) {
            UUID id = UUID.randomUUID();
            jdbc.sql("""
                    insert into webhook_subscription (id, target_url, event_types, secret_ciphertext, secret_cipher,
                        raw_secret, active, created_by, created_at, updated_at)
                    values (:id, :url, '{crm.customer.*}', :secret, 'legacy-aes-gcm', true, true, 'test-client',
                        now(), now())""")
                    .param("id", id)
                    .param("url", receiver.url())
                    .param("secret", SecretCipherTest.legacyEncrypt(OLD_SECRET, "test-only-secret-key-0123456789"))
                    .update();

            pingAndVerify(receiver, id, 1);
            assertThat(reencryption.run()).isEqualTo(1);
            assertThat(jdbc.sql("select secret_cipher from webhook_subscription where id = :id")
                            .param("id", id)
                            .query(String.class)
                            .single())
                    .isEqualTo("tink");
            assertThat(reencryption.run()).isZero();
            pingAndVerify(receiver, id, 2);
        }
    }

    private void pingAndVerify(TestReceiver receiver, UUID subscription, int requests) {
        ApiResponse ping = integrator.post("/api/webhooks/subscriptions/" + subscription + "/ping", null);
        assertThat(ping.status()).as(ping.body()).isEqualTo(202);
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> receiver.requests().size() == requests);
        TestReceiver.Request received = receiver.requests().getLast();
        assertThat(WebhookSignature.verify(
                        OLD_SECRET.getBytes(StandardCharsets.UTF_8),
                        received.header("webhook-id"),
                        received.header("webhook-timestamp"),
                        received.header("webhook-signature"),
                        received.body(),
                        Duration.ofMinutes(5),
                        Instant.now()))
                .isTrue();
    }
}
