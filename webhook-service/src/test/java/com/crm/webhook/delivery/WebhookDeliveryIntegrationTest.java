package com.crm.webhook.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.cloudevents.CrmEventCodec;
import com.crm.contracts.events.customer.CustomerDeleted;
import com.crm.contracts.events.customer.CustomerErased;
import com.crm.contracts.events.customer.CustomerMerged;
import com.crm.test.TestEvents;
import com.crm.webhook.StandardWebhooksReceiver;
import com.crm.webhook.TestReceiver;
import com.crm.webhook.TestReceiver.Request;
import com.crm.webhook.WebhookIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class WebhookDeliveryIntegrationTest extends WebhookIntegrationTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    /** The CloudEvents source of the events the tests publish as another service would. */
    private static final String SOURCE = "/crm/test";

    @Test
    void aReceiverFailingThreeTimesGetsTheEventExactlyOnceAfterwardsWithAValidSignature() {
        UUID customer = UUID.randomUUID();
        AtomicInteger failures = new AtomicInteger();
        try (TestReceiver receiver = new TestReceiver()
                .answering(
                        r -> r.subject().equals(customer.toString()) && failures.getAndIncrement() < 3 ? 500 : 200)) {
            String subscription = subscribe(receiver.url(), SECRET, "crm.customer.*");

            CrmEventCodec.EncodedEvent sent =
                    TestEvents.publish(SOURCE, new CustomerDeleted(customer, Instant.now(), 7));

            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> receiver.about(customer).stream().anyMatch(Request::accepted));
            TestEvents.send(sent); // the broker redelivers the very same event: still one delivery
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> deliveries(subscription, customer).size() == 1
                            && "DELIVERED"
                                    .equals(deliveries(subscription, customer)
                                            .get(0)
                                            .get("status")
                                            .asString()));
            Awaitility.await()
                    .during(Duration.ofSeconds(1))
                    .atMost(Duration.ofSeconds(3))
                    .until(() -> receiver.about(customer).size() == 4);

            List<Request> requests = receiver.about(customer);
            assertThat(requests).extracting(Request::answered).containsExactly(500, 500, 500, 200);
            Request accepted = requests.getLast();
            assertThat(accepted.header("Content-Type")).startsWith("application/cloudevents+json");
            assertThat(accepted.event().get("id").asString())
                    .isEqualTo(sent.id().toString());
            assertThat(accepted.event().get("type").asString()).isEqualTo("crm.customer.deleted");
            assertThat(accepted.event().get("data").get("version").asLong()).isEqualTo(7);
            // verified as the Standard Webhooks specification says, independently of the service's code
            assertThat(requests).allMatch(r -> StandardWebhooksReceiver.verifies(SECRET, r));
            assertThat(StandardWebhooksReceiver.verifies(
                            SECRET,
                            accepted.header("webhook-id"),
                            accepted.header("webhook-timestamp"),
                            accepted.header("webhook-signature"),
                            accepted.body().replace("\"version\":7", "\"version\":8")))
                    .isFalse();
            // one delivery id across all attempts, so a receiver can drop duplicates; under another id (a replay
            // of the captured request passed off as new) the signature fails
            assertThat(requests).extracting(r -> r.header("webhook-id")).containsOnly(accepted.header("webhook-id"));
            assertThat(accepted.header("webhook-id"))
                    .isEqualTo(
                            deliveries(subscription, customer).get(0).get("id").asString());
            assertThat(StandardWebhooksReceiver.verifies(
                            SECRET,
                            UUID.randomUUID().toString(),
                            accepted.header("webhook-timestamp"),
                            accepted.header("webhook-signature"),
                            accepted.body()))
                    .isFalse();

            JsonNode delivery = deliveries(subscription, customer).get(0);
            assertThat(delivery.get("attempts").asInt()).isEqualTo(4);
            assertThat(delivery.get("log")).hasSize(4);
            assertThat(delivery.get("log").get(0).get("statusCode").asInt()).isEqualTo(500);
            assertThat(delivery.get("log").get(3).get("statusCode").asInt()).isEqualTo(200);
            assertThat(delivery.get("log").get(3).has("latencyMs")).isTrue();
        }
    }

    @Test
    void oneCustomersEventsArriveInOrderAndAFailingCustomerHoldsUpNoOther() {
        UUID slow = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        try (TestReceiver receiver = new TestReceiver()) {
            // the slow customer's first event fails until the other customer's event has been delivered
            receiver.answering(r -> r.subject().equals(slow.toString())
                            && r.version() == 1
                            && receiver.about(other).stream().noneMatch(Request::accepted)
                    ? 503
                    : 200);
            subscribe(receiver.url(), SECRET, "crm.customer.deleted");

            TestEvents.publish(SOURCE, new CustomerDeleted(slow, Instant.now(), 1));
            TestEvents.publish(SOURCE, new CustomerDeleted(slow, Instant.now(), 2));
            TestEvents.publish(SOURCE, new CustomerDeleted(slow, Instant.now(), 3));
            // the other customer's event only once the slow one's first has failed: it must get through meanwhile
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> !receiver.about(slow).isEmpty());
            TestEvents.publish(SOURCE, new CustomerDeleted(other, Instant.now(), 1));

            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> receiver.about(slow).stream()
                                    .filter(Request::accepted)
                                    .count()
                            == 3);
            List<Request> slowRequests = receiver.about(slow);
            assertThat(slowRequests.stream().filter(Request::accepted).map(Request::version))
                    .containsExactly(1L, 2L, 3L);
            // nothing of the slow customer after its first event was sent before that one was accepted
            int firstAccepted = slowRequests.indexOf(
                    slowRequests.stream().filter(Request::accepted).findFirst().orElseThrow());
            assertThat(firstAccepted)
                    .as("the slow customer's first attempt failed")
                    .isPositive();
            assertThat(slowRequests.subList(0, firstAccepted))
                    .extracting(Request::version)
                    .containsOnly(1L);
            assertThat(receiver.about(other)).filteredOn(Request::accepted).hasSize(1);
        }
    }

    @Test
    void erasurePurgesTheCustomersStoredPayloadsAndDeliversTheErasure() {
        UUID customer = UUID.randomUUID();
        try (TestReceiver receiver = new TestReceiver()) {
            // everything about the customer fails but the erasure notice
            receiver.answering(r -> r.event().get("type").asString().equals("crm.customer.erased") ? 200 : 503);
            String subscription = subscribe(receiver.url(), SECRET, "crm.customer.*");
            TestEvents.publish(SOURCE, new CustomerDeleted(customer, Instant.now(), 1));
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> !receiver.about(customer).isEmpty());

            TestEvents.publish(SOURCE, new CustomerErased(customer, Instant.now()));

            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> deliveries(subscription, customer).stream()
                            .anyMatch(d -> d.get("status").asString().equals("DELIVERED")));
            assertThat(receiver.about(customer).stream()
                            .filter(Request::accepted)
                            .map(r -> r.event().get("type").asString()))
                    .containsExactly("crm.customer.erased");
            assertThat(deliveries(subscription, customer))
                    .extracting(d -> d.get("eventType").asString() + ":"
                            + d.get("status").asString())
                    .containsExactlyInAnyOrder("crm.customer.deleted:PURGED", "crm.customer.erased:DELIVERED");
            assertThat(jdbc.sql("select count(*) from webhook_delivery where customer_key = :c and payload is not null"
                                    + " and event_type <> 'crm.customer.erased'")
                            .param("c", customer.toString())
                            .query(Long.class)
                            .single())
                    .isZero();
            String purged = deliveries(subscription, customer).stream()
                    .filter(d -> d.get("status").asString().equals("PURGED"))
                    .findFirst()
                    .orElseThrow()
                    .get("id")
                    .asString();
            assertThat(integrator
                            .get("/api/webhooks/deliveries/" + purged)
                            .json()
                            .has("event"))
                    .isFalse();
        }
    }

    @Test
    void underRandomFailuresEveryEventOfManyCustomersArrivesExactlyOnceAndInOrder() {
        int customers = 20;
        int eventsEach = 10;
        List<UUID> ids =
                IntStream.range(0, customers).mapToObj(i -> UUID.randomUUID()).toList();
        Set<UUID> mine = Set.copyOf(ids);
        Random random = new Random(42);
        try (TestReceiver receiver = new TestReceiver()) {
            // about a third of all attempts fail, at random
            receiver.answering(r -> random.nextInt(3) == 0 ? 500 : 200);
            subscribe(receiver.url(), SECRET, "crm.customer.deleted");
            long started = System.nanoTime();
            for (int version = 1; version <= eventsEach; version++) {
                for (UUID id : ids) {
                    TestEvents.publish(SOURCE, new CustomerDeleted(id, Instant.now(), version));
                }
            }

            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> receiver.requests().stream()
                                    .filter(r -> r.accepted() && mine.contains(UUID.fromString(r.subject())))
                                    .count()
                            >= (long) customers * eventsEach);
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;
            for (UUID id : ids) {
                assertThat(receiver.about(id).stream().filter(Request::accepted).map(Request::version))
                        .as("customer %s", id)
                        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
            }
            System.out.printf(
                    "webhook figure: %d events of %d customers delivered once, in order, through %d "
                            + "attempts (a third failing) in %d ms%n",
                    customers * eventsEach, customers, receiver.requests().size(), elapsedMs);
        }
    }

    @Test
    void anErasureAfterAMergeAlsoPurgesTheMergedCustomersPayloads() {
        UUID survivor = UUID.randomUUID();
        UUID merged = UUID.randomUUID();
        try (TestReceiver receiver = new TestReceiver()) {
            // the merged customer's event is never accepted: it stays pending with its payload
            receiver.answering(r -> r.subject().equals(merged.toString()) ? 503 : 200);
            String subscription = subscribe(receiver.url(), SECRET, "crm.customer.*");
            TestEvents.publish(SOURCE, new CustomerDeleted(merged, Instant.now(), 1));
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> !receiver.about(merged).isEmpty());

            TestEvents.publish(SOURCE, new CustomerMerged(survivor, List.of(merged), Instant.now(), null));
            TestEvents.publish(SOURCE, new CustomerErased(survivor, Instant.now()));

            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> deliveries(subscription, survivor).stream()
                            .anyMatch(d -> d.get("eventType").asString().equals("crm.customer.erased")
                                    && d.get("status").asString().equals("DELIVERED")));
            // the merge notice was queued behind the merged customer's failing delivery: purged with it, never sent
            assertThat(deliveries(subscription, survivor))
                    .extracting(d -> d.get("eventType").asString() + ":"
                            + d.get("status").asString())
                    .containsExactlyInAnyOrder(
                            "crm.customer.deleted:PURGED",
                            "crm.customer.merged:PURGED",
                            "crm.customer.erased:DELIVERED");
            assertThat(jdbc.sql("select count(*) from webhook_delivery where customer_key in (:s, :m) "
                                    + "and payload is not null and event_type <> 'crm.customer.erased'")
                            .param("s", survivor.toString())
                            .param("m", merged.toString())
                            .query(Long.class)
                            .single())
                    .isZero();
            assertThat(receiver.about(merged)).noneMatch(Request::accepted);
        }
    }

    @Test
    void anInactiveSubscriptionGetsNothingUntilItIsActiveAgain() {
        UUID customer = UUID.randomUUID();
        try (TestReceiver receiver = new TestReceiver()) {
            String subscription = subscribe(receiver.url(), SECRET, "crm.*");
            var paused = integrator
                    .withHeader("If-Match", "\"1\"")
                    .patch("/api/webhooks/subscriptions/" + subscription, "{\"active\":false}");
            assertThat(paused.status()).as(paused.body()).isEqualTo(200);

            TestEvents.publish(SOURCE, new CustomerDeleted(customer, Instant.now(), 1));
            // the event is queued for the paused subscription, not sent
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> deliveries(subscription, customer).size() == 1);
            assertThat(receiver.about(customer)).isEmpty();

            integrator
                    .withHeader("If-Match", "\"2\"")
                    .patch("/api/webhooks/subscriptions/" + subscription, "{\"active\":true}");
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> receiver.about(customer).stream().anyMatch(Request::accepted));
        }
    }

    @Test
    void anEventNoSubscriptionWantsIsPassedByWithoutAWrite() {
        UUID customer = UUID.randomUUID();
        try (TestReceiver receiver = new TestReceiver()) {
            subscribe(receiver.url(), SECRET, "crm.purchase.*");
            CrmEventCodec.EncodedEvent unwanted =
                    TestEvents.publish(SOURCE, new CustomerDeleted(customer, Instant.now(), 1));
            // a later event of the same customer that is wanted: once it is queued, the unwanted one has been seen
            String wanted = subscribe(receiver.url(), SECRET, "crm.customer.erased");
            TestEvents.publish(SOURCE, new CustomerErased(customer, Instant.now()));
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> deliveries(wanted, customer).size() == 1);

            assertThat(jdbc.sql("select count(*) from crm_processed_event where event_id = :id")
                            .param("id", unwanted.id().toString())
                            .query(Long.class)
                            .single())
                    .isZero();
            assertThat(jdbc.sql("select count(*) from webhook_delivery where event_id = :id")
                            .param("id", unwanted.id().toString())
                            .query(Long.class)
                            .single())
                    .isZero();
        }
    }

    @Test
    void aPingIsASignedTestDeliveryOfTheSubscription() {
        try (TestReceiver receiver = new TestReceiver()) {
            String subscription = subscribe(receiver.url(), SECRET, "crm.customer.registered");

            var ping = integrator.post("/api/webhooks/subscriptions/" + subscription + "/ping", null);
            assertThat(ping.status()).as(ping.body()).isEqualTo(202);

            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> !receiver.about(subscription).isEmpty());
            Request received = receiver.about(subscription).getFirst();
            assertThat(received.event().get("type").asString()).isEqualTo("crm.webhook.ping");
            assertThat(received.header("Webhook-Id"))
                    .isEqualTo(ping.json().get("id").asString());
            assertThat(StandardWebhooksReceiver.verifies(SECRET, received)).isTrue();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> "DELIVERED"
                            .equals(integrator
                                    .get(ping.header("Location"))
                                    .json()
                                    .get("status")
                                    .asString()));
            assertThat(integrator
                            .post("/api/webhooks/subscriptions/" + UUID.randomUUID() + "/ping", null)
                            .status())
                    .isEqualTo(404);
        }
    }

    private List<JsonNode> deliveries(String subscription, UUID customer) {
        var page = integrator.get("/api/webhooks/subscriptions/" + subscription + "/deliveries");
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        JsonNode items = page.json().get("items");
        return IntStream.range(0, items.size())
                .mapToObj(items::get)
                .filter(d -> d.get("customerId").asString().equals(customer.toString()))
                .toList();
    }
}
