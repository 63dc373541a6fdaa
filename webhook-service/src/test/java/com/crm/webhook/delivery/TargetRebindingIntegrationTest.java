package com.crm.webhook.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.test.ApiClient.ApiResponse;
import com.crm.webhook.StandardWebhooksReceiver;
import com.crm.webhook.TestDns;
import com.crm.webhook.TestReceiver;
import com.crm.webhook.WebhookIntegrationTest;
import java.net.URI;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Delivery connects to the address that was checked; a name rebound to an internal address is refused. */
class TargetRebindingIntegrationTest extends WebhookIntegrationTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Autowired
    TestDns dns;

    @Test
    void aHostNameThatResolvesToAnInternalAddressAtDeliveryTimeIsRefused() {
        try (TestReceiver receiver = new TestReceiver()) {
            int port = URI.create(receiver.url()).getPort();
            dns.point("hooks.rebind.test", "93.184.216.34"); // public when the subscription is made
            String subscription = subscribe("http://hooks.rebind.test:" + port + "/hook", SECRET, "crm.customer.*");
            dns.point("hooks.rebind.test", "127.0.0.1"); // then the name is rebound to the receiver on loopback

            ApiResponse ping = integrator.post("/api/webhooks/subscriptions/" + subscription + "/ping", null);
            assertThat(ping.status()).as(ping.body()).isEqualTo(202);

            Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> integrator
                                    .get(ping.header("Location"))
                                    .json()
                                    .path("attempts")
                                    .asInt()
                            >= 2);
            var delivery = integrator.get(ping.header("Location")).json();
            assertThat(delivery.get("status").asString()).isEqualTo("PENDING");
            assertThat(delivery.get("lastError").asString())
                    .startsWith("target refused: internal-address")
                    .contains("127.0.0.1");
            assertThat(receiver.requests()).isEmpty();
        }
    }

    @Test
    void aDeliveryConnectsToTheCheckedAddressUnderItsHostName() {
        try (TestReceiver receiver = new TestReceiver()) {
            int port = URI.create(receiver.url()).getPort();
            // an allow-list entry names pinned.test, so its loopback address is allowed; the system's DNS does not
            // know the name: only the checked address can lead to the receiver
            dns.point("pinned.test", "127.0.0.1");
            String subscription = subscribe("http://pinned.test:" + port + "/hook", SECRET, "crm.customer.*");
            int lookupsBefore = dns.lookups("pinned.test");

            ApiResponse ping = integrator.post("/api/webhooks/subscriptions/" + subscription + "/ping", null);
            assertThat(ping.status()).as(ping.body()).isEqualTo(202);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> !receiver.requests().isEmpty());

            TestReceiver.Request received = receiver.requests().getFirst();
            assertThat(received.header("Host")).isEqualTo("pinned.test:" + port);
            assertThat(StandardWebhooksReceiver.verifies(SECRET, received)).isTrue();
            assertThat(dns.lookups("pinned.test") - lookupsBefore)
                    .as("one lookup per attempt: the check's, whose answer the connection used")
                    .isEqualTo(
                            received.header("webhook-attempt").equals("1")
                                    ? 1
                                    : receiver.requests().size());
        }
    }
}
