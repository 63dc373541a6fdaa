package com.crm.webhook.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.cloudevents.CrmEventCodec.EncodedEvent;
import com.crm.contracts.events.customer.CustomerConsentPurposeChanged;
import com.crm.contracts.events.customer.CustomerDeleted;
import com.crm.contracts.events.customer.CustomerErased;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.TestEvents;
import com.crm.webhook.TestReceiver;
import com.crm.webhook.TestReceiver.Request;
import com.crm.webhook.WebhookIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A third-party subscription (the receiver is another company) gets a customer's events only while the customer's
 * separate consent to sharing (THIRD_PARTY_SHARING on channel ALL) is GRANTED; a first-party one gets them all.
 */
class ThirdPartySharingIntegrationTest extends WebhookIntegrationTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String SOURCE = "/crm/test";
    private static final String CONSENT = "crm.customer.consent-purpose-changed";

    @Test
    void aThirdPartyGetsACustomersEventsOnlyWhileSharingIsGrantedAndNothingQueuedLeavesAfterWithdrawal() {
        UUID customer = UUID.randomUUID();
        Instant t0 = Instant.parse("2025-03-01T08:00:00Z");
        try (TestReceiver first = new TestReceiver();
                TestReceiver partner = new TestReceiver()) {
            // the partner fails version 3 until it is dropped: a delivery still pending when sharing stops
            partner.answering(r -> isVersion(r, 3) ? 503 : 200);
            String own = subscribe(first.url(), SECRET, "crm.customer.*");
            String third = subscribeThirdParty(partner.url(), "crm.customer.*");

            // no decision yet, then decisions that are not on sharing as a whole: nothing for the partner
            EncodedEvent v1 = TestEvents.publish(SOURCE, new CustomerDeleted(customer, t0, 1));
            EncodedEvent marketing = TestEvents.publish(SOURCE, decision(customer, "MARKETING", "ALL", "GRANTED", t0));
            EncodedEvent emailOnly =
                    TestEvents.publish(SOURCE, decision(customer, "THIRD_PARTY_SHARING", "EMAIL", "GRANTED", t0));
            TestEvents.publish(SOURCE, decision(customer, "THIRD_PARTY_SHARING", "ALL", "GRANTED", t0.plusSeconds(60)));
            TestEvents.publish(SOURCE, new CustomerDeleted(customer, t0, 2));

            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> partner.about(customer).stream().anyMatch(r -> isVersion(r, 2) && r.accepted()));
            // the events before the grant were taken in (the first party has them) but never queued for the partner
            assertThat(eventIds(third, customer))
                    .doesNotContain(
                            v1.id().toString(),
                            marketing.id().toString(),
                            emailOnly.id().toString());
            assertThat(eventIds(own, customer))
                    .contains(
                            v1.id().toString(),
                            marketing.id().toString(),
                            emailOnly.id().toString());
            assertThat(partner.about(customer))
                    .extracting(ThirdPartySharingIntegrationTest::describe)
                    .containsExactly(CONSENT + ":GRANTED", "crm.customer.deleted:2");

            EncodedEvent v3 = TestEvents.publish(SOURCE, new CustomerDeleted(customer, t0, 3));
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> partner.about(customer).stream().anyMatch(r -> isVersion(r, 3)));
            TestEvents.publish(
                    SOURCE, decision(customer, "THIRD_PARTY_SHARING", "ALL", "WITHDRAWN", t0.plusSeconds(120)));
            EncodedEvent v4 = TestEvents.publish(SOURCE, new CustomerDeleted(customer, t0, 4));

            // the withdrawal itself reaches the partner (it tells them to stop); the pending version 3 is dropped
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> partner.about(customer).stream()
                            .anyMatch(r -> describe(r).equals(CONSENT + ":WITHDRAWN") && r.accepted()));
            JsonNode dropped = delivery(third, v3);
            assertThat(dropped.get("status").asString()).isEqualTo("PURGED");
            assertThat(dropped.get("lastError").asString()).contains("THIRD_PARTY_SHARING", "WITHDRAWN");
            assertThat(integrator
                            .get("/api/webhooks/deliveries/" + dropped.get("id").asString())
                            .json()
                            .has("event"))
                    .isFalse();
            // once the first party has version 4, the intake has seen it: nothing of it for the partner
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> first.about(customer).stream().anyMatch(r -> isVersion(r, 4) && r.accepted()));
            assertThat(eventIds(third, customer)).doesNotContain(v4.id().toString());
            assertThat(partner.about(customer))
                    .filteredOn(Request::accepted)
                    .extracting(ThirdPartySharingIntegrationTest::describe)
                    .containsExactly(CONSENT + ":GRANTED", "crm.customer.deleted:2", CONSENT + ":WITHDRAWN");

            // the first party got everything, in order
            assertThat(first.about(customer))
                    .filteredOn(r -> r.event().get("type").asString().equals("crm.customer.deleted"))
                    .extracting(Request::version)
                    .containsExactly(1L, 2L, 3L, 4L);
        }
    }

    @Test
    void anOlderDecisionArrivingLateDoesNotStopSharingAndErasureForgetsTheDecision() {
        UUID customer = UUID.randomUUID();
        Instant t0 = Instant.parse("2025-03-01T08:00:00Z");
        try (TestReceiver partner = new TestReceiver()) {
            String third = subscribeThirdParty(partner.url(), "crm.customer.*");
            TestEvents.publish(SOURCE, decision(customer, "THIRD_PARTY_SHARING", "ALL", "GRANTED", t0.plusSeconds(60)));
            // published later, decided earlier: the newest decision (GRANTED) stands
            TestEvents.publish(SOURCE, decision(customer, "THIRD_PARTY_SHARING", "ALL", "DENIED", t0));
            TestEvents.publish(SOURCE, new CustomerDeleted(customer, t0, 1));
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> partner.about(customer).stream().anyMatch(r -> isVersion(r, 1) && r.accepted()));
            assertThat(sharingRows(customer)).isEqualTo(1);

            TestEvents.publish(SOURCE, new CustomerErased(customer, Instant.now()));
            // the erasure notice reaches the partner, so it erases its copy; the decision is forgotten
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> partner.about(customer).stream()
                            .anyMatch(r -> describe(r).equals("crm.customer.erased") && r.accepted()));
            assertThat(sharingRows(customer)).isZero();
            assertThat(eventTypes(third, customer)).contains("crm.customer.erased");
        }
    }

    @Test
    void aSubscriptionBecomingThirdPartyDropsWhatIsQueuedAboutCustomersWithoutAGrant() {
        UUID without = UUID.randomUUID();
        UUID with = UUID.randomUUID();
        Instant t0 = Instant.parse("2025-03-01T08:00:00Z");
        try (TestReceiver receiver = new TestReceiver()) {
            // both customers' events stay queued while the subscription is first-party; the one whose customer
            // granted sharing is accepted once it is third-party
            AtomicBoolean thirdParty = new AtomicBoolean();
            receiver.answering(r -> thirdParty.get() && r.subject().equals(with.toString()) ? 200 : 503);
            String subscription = subscribe(receiver.url(), SECRET, "crm.customer.deleted");
            TestEvents.publish(SOURCE, decision(with, "THIRD_PARTY_SHARING", "ALL", "GRANTED", t0));
            EncodedEvent withoutEvent = TestEvents.publish(SOURCE, new CustomerDeleted(without, t0, 1));
            EncodedEvent withEvent = TestEvents.publish(SOURCE, new CustomerDeleted(with, t0, 1));
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> !receiver.about(without).isEmpty()
                            && !receiver.about(with).isEmpty());

            ApiResponse patched = integrator
                    .withHeader("If-Match", "\"1\"")
                    .patch("/api/webhooks/subscriptions/" + subscription, "{\"thirdParty\":true}");
            assertThat(patched.status()).as(patched.body()).isEqualTo(200);
            assertThat(patched.json().get("thirdParty").asBoolean()).isTrue();
            thirdParty.set(true);

            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> receiver.about(with).stream().anyMatch(Request::accepted));
            assertThat(delivery(subscription, withoutEvent).get("status").asString())
                    .isEqualTo("PURGED");
            assertThat(delivery(subscription, withEvent).get("status").asString())
                    .isEqualTo("DELIVERED");
        }
    }

    private String subscribeThirdParty(String url, String... types) {
        ApiResponse created = integrator.post("/api/webhooks/subscriptions", """
                {"targetUrl":"%s","eventTypes":[%s],"secret":"%s","thirdParty":true}""".formatted(
                url,
                String.join(
                        ",", List.of(types).stream().map(t -> "\"" + t + "\"").toList()),
                SECRET));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("thirdParty").asBoolean()).isTrue();
        return created.json().get("id").asString();
    }

    private static CustomerConsentPurposeChanged decision(
            UUID customer, String purpose, String channel, String status, Instant at) {
        return new CustomerConsentPurposeChanged(
                customer, purpose, channel, status, null, "CONSENT", null, at, "web-form", null);
    }

    private static boolean isVersion(Request r, long version) {
        return r.event().get("type").asString().equals("crm.customer.deleted") && r.version() == version;
    }

    private static String describe(Request r) {
        JsonNode event = r.event();
        String type = event.get("type").asString();
        return switch (type) {
            case CONSENT -> type + ":" + event.get("data").get("status").asString();
            case "crm.customer.deleted" -> type + ":" + r.version();
            default -> type;
        };
    }

    private long sharingRows(UUID customer) {
        return jdbc.sql("select count(*) from customer_sharing where customer_id = :c")
                .param("c", customer)
                .query(Long.class)
                .single();
    }

    private JsonNode delivery(String subscription, EncodedEvent event) {
        return deliveries(subscription).stream()
                .filter(d -> d.get("eventId").asString().equals(event.id().toString()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no delivery of " + event.id()));
    }

    private List<String> eventIds(String subscription, UUID customer) {
        return deliveries(subscription).stream()
                .filter(d -> d.get("customerId").asString().equals(customer.toString()))
                .map(d -> d.get("eventId").asString())
                .toList();
    }

    private List<String> eventTypes(String subscription, UUID customer) {
        return deliveries(subscription).stream()
                .filter(d -> d.get("customerId").asString().equals(customer.toString()))
                .map(d -> d.get("eventType").asString())
                .toList();
    }

    private List<JsonNode> deliveries(String subscription) {
        ApiResponse page = integrator.get("/api/webhooks/subscriptions/" + subscription + "/deliveries?limit=500");
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        JsonNode items = page.json().get("items");
        return IntStream.range(0, items.size()).mapToObj(items::get).toList();
    }
}
