package com.crm.webhook.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.events.customer.CustomerDeleted;
import com.crm.contracts.events.customer.CustomerErased;
import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.TestEvents;
import com.crm.test.TestTokens;
import com.crm.webhook.TestReceiver;
import com.crm.webhook.WebhookIntegrationTest;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Per-client quotas (max-subscriptions-per-client = 5, max-concurrent-sends-per-client = 4 of 16 slots here): a
 * client cannot own more subscriptions than allowed, and a receiver that hangs holds up its own client's slots only.
 */
class QuotaAndFairnessIntegrationTest extends WebhookIntegrationTest {

    private static final String SOURCE = "/crm/test";

    @Test
    void aClientOwnsAtMostItsQuotaOfSubscriptions() {
        ApiClient other =
                anonymous.withToken(TestTokens.forClient("quota-other", "crm.read", "crm.write", "crm.integration"));
        for (int i = 0; i < 5; i++) {
            subscribe("http://127.0.0.1:9/q" + i, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "crm.customer.*");
        }
        ApiResponse refused = integrator.post("/api/webhooks/subscriptions", """
                {"targetUrl":"http://127.0.0.1:9/q5","eventTypes":["crm.customer.*"]}""");

        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("detail").asString())
                .contains("crm.webhook.max-subscriptions-per-client")
                .contains("5");
        // the quota is per client: another one still subscribes
        assertThat(other.post("/api/webhooks/subscriptions", """
                        {"targetUrl":"http://127.0.0.1:9/o","eventTypes":["crm.customer.*"]}""").status()).isEqualTo(201);
    }

    @Test
    void aHangingReceiverOfOneClientDoesNotHoldUpAnotherClientsDeliveries() throws IOException {
        CountDownLatch hang = new CountDownLatch(1);
        AtomicInteger hanging = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        HttpServer slow = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        slow.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        slow.createContext("/hook", exchange -> {
            mostAtOnce.accumulateAndGet(hanging.incrementAndGet(), Math::max);
            try {
                hang.await(30, TimeUnit.SECONDS); // longer than the read timeout (10 s)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            hanging.decrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        slow.start();
        ApiClient clientA =
                anonymous.withToken(TestTokens.forClient("slow-a", "crm.read", "crm.write", "crm.integration"));
        ApiClient clientB =
                anonymous.withToken(TestTokens.forClient("fast-b", "crm.read", "crm.write", "crm.integration"));
        try (TestReceiver fast = new TestReceiver()) {
            create(clientA, "http://127.0.0.1:" + slow.getAddress().getPort() + "/hook", "crm.customer.deleted");
            create(clientB, fast.url(), "crm.customer.erased");
            // 30 customers' events for A: 30 independent queues, each could take a send slot and hang in it
            for (int i = 0; i < 30; i++) {
                TestEvents.publish(SOURCE, new CustomerDeleted(UUID.randomUUID(), Instant.now(), 1));
            }
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> hanging.get() == 4);

            List<UUID> erased = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                UUID customer = UUID.randomUUID();
                erased.add(customer);
                TestEvents.publish(SOURCE, new CustomerErased(customer, Instant.now()));
            }
            // B's receiver gets all of them while A's requests still hang: well within A's read timeout
            Awaitility.await()
                    .atMost(Duration.ofSeconds(6))
                    .until(() -> erased.stream().allMatch(c -> !fast.about(c).isEmpty()));
            assertThat(hanging.get()).isEqualTo(4);
            assertThat(mostAtOnce.get())
                    .as("A never holds more than its 4 send slots")
                    .isEqualTo(4);
        } finally {
            hang.countDown();
            slow.stop(0);
        }
    }

    private static void create(ApiClient client, String url, String type) {
        ApiResponse created = client.post("/api/webhooks/subscriptions", """
                {"targetUrl":"%s","eventTypes":["%s"]}""".formatted(url, type));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }
}
