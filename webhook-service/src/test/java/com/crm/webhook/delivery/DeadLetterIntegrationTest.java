package com.crm.webhook.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.events.customer.CustomerDeleted;
import com.crm.test.ApiClient;
import com.crm.test.CrmServiceTest;
import com.crm.test.TestEvents;
import com.crm.test.TestTokens;
import com.crm.webhook.TestReceiver;
import com.crm.webhook.TestReceiver.Request;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** With a retry horizon of two seconds, a failing delivery is parked at once: its own context. */
@CrmServiceTest(
        properties = {
            "crm.webhook.secret-key=test-only-secret-key-0123456789",
            "crm.webhook.development-keyset=true",
            "crm.webhook.allowed-targets=http://127.0.0.1",
            "crm.webhook.base-delay=PT0.05S",
            "crm.webhook.max-delay=PT0.1S",
            "crm.webhook.poll-interval=PT0.05S",
            "crm.webhook.retry-horizon=PT2S",
            // its own consumer group: the other test context may still be consuming the same topics
            "spring.kafka.consumer.group-id=webhook-service-dead-letter-test"
        })
class DeadLetterIntegrationTest {

    /** The CloudEvents source of the events the tests publish as another service would. */
    private static final String SOURCE = "/crm/test";

    @LocalServerPort
    int port;

    @Test
    void aDeliveryFailingForTheWholeHorizonIsParkedAndCanBeReplayed() {
        ApiClient integrator = ApiClient.of("http://localhost:" + port)
                .withToken(TestTokens.withScopes("crm.read", "crm.write", "crm.integration"));
        UUID customer = UUID.randomUUID();
        try (TestReceiver receiver =
                new TestReceiver().answering(r -> r.subject().equals(customer.toString()) ? 500 : 200)) {
            String subscription = integrator
                    .post("/api/webhooks/subscriptions", """
                    {"targetUrl":"%s","eventTypes":["crm.customer.deleted"],"secret":"whsec_ZGVhZC1sZXR0ZXItc2VjcmV0LW9mLTI0LWJ5dGVz"}""".formatted(receiver.url()))
                    .json()
                    .get("id")
                    .asString();
            TestEvents.publish(SOURCE, new CustomerDeleted(customer, Instant.now(), 1));

            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> integrator
                                    .get("/api/webhooks/dead-letters?subscriptionId=" + subscription)
                                    .json()
                                    .get("items")
                                    .size()
                            == 1);
            var dead = integrator
                    .get("/api/webhooks/dead-letters")
                    .json()
                    .get("items")
                    .get(0);
            assertThat(dead.get("status").asString()).isEqualTo("DEAD");
            assertThat(dead.get("attempts").asInt()).isGreaterThanOrEqualTo(2);
            assertThat(dead.get("log").get(0).get("statusCode").asInt()).isEqualTo(500);
            int attemptsWhenDead = receiver.about(customer).size();
            assertThat(attemptsWhenDead).isEqualTo(dead.get("attempts").asInt());
            String delivery = dead.get("id").asString();

            receiver.answering(r -> 204);
            var replayed = integrator.post("/api/webhooks/dead-letters/" + delivery + "/replay", null);
            assertThat(replayed.status()).as(replayed.body()).isEqualTo(202);

            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> "DELIVERED"
                            .equals(integrator
                                    .get("/api/webhooks/deliveries/" + delivery)
                                    .json()
                                    .get("status")
                                    .asString()));
            assertThat(receiver.about(customer).stream().filter(Request::accepted))
                    .hasSize(1);
            assertThat(integrator.get("/api/webhooks/dead-letters").json().get("items"))
                    .isEmpty();
            var again = integrator.post("/api/webhooks/dead-letters/" + delivery + "/replay", null);
            assertThat(again.status()).isEqualTo(409);
            assertThat(again.contentType()).startsWith("application/problem+json");
            assertThat(integrator
                            .post("/api/webhooks/dead-letters/replay", null)
                            .json()
                            .get("replayed")
                            .asInt())
                    .isZero();
        }
    }
}
