package com.crm.interaction.customer;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.Topics;
import com.crm.contracts.cloudevents.CrmEventCodec;
import com.crm.contracts.events.customer.CustomerConsentChanged;
import com.crm.contracts.events.customer.CustomerConsentPurposeChanged;
import com.crm.contracts.events.customer.CustomerErased;
import com.crm.contracts.events.customer.CustomerMerged;
import com.crm.contracts.events.customer.CustomerSubscriptionChanged;
import com.crm.contracts.events.customer.CustomerUpdated;
import com.crm.interaction.TestCustomers;
import com.crm.support.consumer.IdempotentEventProcessor;
import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmInfrastructure;
import com.crm.test.CrmServiceTest;
import com.crm.test.TestTokens;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The projection of crm.customer.v1: real CloudEvents in, consents, merges and erasure take effect here. */
@CrmServiceTest
class CustomerProjectionIntegrationTest {

    private static final Duration WITHIN_SECONDS = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private ApiClient agent;

    @BeforeEach
    void clients() {
        agent = ApiClient.of("http://localhost:" + port).withToken(TestTokens.withScopes("crm.read", "crm.write"));
    }

    private JsonNode check(UUID customer, String channel) {
        ApiResponse r = agent.post("/api/contact-checks", """
                {"customerId":"%s","channel":"%s"}""".formatted(customer, channel));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private String interaction(UUID customer, String notes) {
        ApiResponse r = agent.post("/api/interactions", """
                {"customerId":"%s","channel":"PHONE","direction":"INBOUND","type":"COMPLAINT",
                 "subject":"退货","notes":"%s","outcome":"RESOLVED","occurredAt":"2026-10-10T10:00:00Z"}""".formatted(customer, notes));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    private JsonNode timeline(UUID customer) {
        return agent.get("/api/customers/" + customer + "/timeline").json().get("items");
    }

    @Test
    void consentWithdrawnInCustomerServiceBlocksTheChannelHereWithinSeconds() {
        UUID customer = TestCustomers.register(
                jdbc, Map.of("EMAIL", "GRANTED", "SMS", "GRANTED"), TestCustomers.zoneWhereLocalHourIs(12));
        assertThat(check(customer, "EMAIL").get("allowed").asBoolean()).isTrue();

        TestCustomers.publish(new CustomerConsentChanged(
                customer, "EMAIL", "WITHDRAWN", "GRANTED", Instant.now(), "unsubscribe-link"));

        Awaitility.await()
                .atMost(WITHIN_SECONDS)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> !check(customer, "EMAIL").get("allowed").asBoolean());
        JsonNode refused = check(customer, "EMAIL");
        assertThat(refused.at("/reasons/0/rule").asString()).isEqualTo("consent");
        assertThat(refused.at("/reasons/0/message").asString()).contains("withdrawn");
        assertThat(check(customer, "SMS").get("allowed").asBoolean()).isTrue();
    }

    private JsonNode check(UUID customer, String channel, String purpose, String subscriptionType) {
        ApiResponse r = agent.post("/api/contact-checks", """
                {"customerId":"%s","channel":"%s","purpose":"%s","subscriptionType":%s}""".formatted(
                customer, channel, purpose, subscriptionType == null ? "null" : "\"" + subscriptionType + "\""));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    @Test
    void purposeDecisionsAndSubscriptionChoicesRefuseContactsWithinSeconds() {
        UUID customer = TestCustomers.register(
                jdbc, Map.of("EMAIL", "GRANTED", "SMS", "GRANTED"), TestCustomers.zoneWhereLocalHourIs(12));
        assertThat(check(customer, "EMAIL", "MARKETING", "newsletter")
                        .get("allowed")
                        .asBoolean())
                .isTrue();
        Instant t0 = Instant.now();
        TestCustomers.publish(new CustomerConsentPurposeChanged(
                customer, "MARKETING", "ALL", "WITHDRAWN", "GRANTED", "CONSENT", null, t0, "preference-centre", null));
        TestCustomers.publish(new CustomerConsentPurposeChanged(
                customer, "MARKETING", "SMS", "GRANTED", null, "CONSENT", null, t0, "sms-keyword", null));
        Awaitility.await()
                .atMost(WITHIN_SECONDS)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> !check(customer, "EMAIL", "MARKETING", null)
                                .get("allowed")
                                .asBoolean()
                        && check(customer, "SMS", "MARKETING", null)
                                .get("allowed")
                                .asBoolean());
        JsonNode refused = check(customer, "EMAIL", "SALES", null);
        assertThat(refused.get("allowed").asBoolean())
                .as("a sales contact is direct marketing")
                .isFalse();
        assertThat(refused.at("/reasons/0/rule").asString()).isEqualTo("purpose-consent");
        assertThat(refused.at("/reasons/0/message").asString())
                .contains("MARKETING")
                .contains("withdrawn");
        assertThat(refused.get("earliestAllowedAt").isNull())
                .as("time never lifts it")
                .isTrue();
        assertThat(check(customer, "EMAIL", "SERVICE", null).get("allowed").asBoolean())
                .as("service messages rest on the SERVICE purpose")
                .isTrue();

        TestCustomers.publish(new CustomerSubscriptionChanged(
                customer, "newsletter", "MARKETING", "SMS", "UNSUBSCRIBED", null, Instant.now(), "footer", null));
        Awaitility.await()
                .atMost(WITHIN_SECONDS)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> !check(customer, "SMS", "MARKETING", "newsletter")
                        .get("allowed")
                        .asBoolean());
        assertThat(check(customer, "SMS", "MARKETING", "newsletter")
                        .at("/reasons/0/rule")
                        .asString())
                .isEqualTo("unsubscribed");
        assertThat(check(customer, "SMS", "MARKETING", "offers").get("allowed").asBoolean())
                .isTrue();

        // an older decision arriving late changes nothing (a later choice on the same key shows it was applied)
        TestCustomers.publish(new CustomerConsentPurposeChanged(
                customer, "SERVICE", "ALL", "WITHDRAWN", null, "CONTRACT", null, t0, "call", null));
        TestCustomers.publish(new CustomerConsentPurposeChanged(
                customer, "SERVICE", "ALL", "GRANTED", null, "CONTRACT", null, t0.minusSeconds(60), "old-sync", null));
        TestCustomers.publish(new CustomerSubscriptionChanged(
                customer, "marker", "SERVICE", "ALL", "UNSUBSCRIBED", null, Instant.now(), "test", null));
        Awaitility.await()
                .atMost(WITHIN_SECONDS)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> !check(customer, "SMS", "SERVICE", "marker")
                        .get("allowed")
                        .asBoolean());
        JsonNode service = check(customer, "EMAIL", "SERVICE", null);
        assertThat(service.get("allowed").asBoolean()).isFalse();
        assertThat(service.at("/reasons/0/rule").asString()).isEqualTo("purpose-consent");
    }

    @Test
    void aStaleSnapshotIsIgnoredAndUnknownTypesAndFieldsAreTolerated() {
        UUID customer = UUID.randomUUID();
        TestCustomers.publish(new CustomerUpdated(
                customer,
                List.of("consents"),
                TestCustomers.snapshot(customer, 3, Map.of("EMAIL", "GRANTED"), "Asia/Shanghai")));
        TestCustomers.publish(new CustomerUpdated(
                customer,
                List.of("consents"),
                TestCustomers.snapshot(customer, 2, Map.of("EMAIL", "WITHDRAWN"), "Asia/Shanghai")));
        sendRaw("crm.customer.loyalty-points-changed", customer, """
                {"customerId":"%s","points":120}""".formatted(customer));
        sendRaw("crm.customer.consent-changed", customer, """
                {"customerId":"%s","channel":"SMS","status":"GRANTED","changedAt":"2026-11-01T00:00:00Z",
                 "fieldFromTheFuture":{"nested":true}}""".formatted(customer));

        Awaitility.await().atMost(WITHIN_SECONDS).until(() -> "GRANTED".equals(consent(customer, "SMS")));
        assertThat(consent(customer, "EMAIL")).isEqualTo("GRANTED");
        assertThat(jdbc.sql("select version from customer_projection where customer_id = :id")
                        .param("id", customer)
                        .query(Long.class)
                        .single())
                .isEqualTo(3);
    }

    @Test
    void aRedeliveredEventIsAppliedOnce() {
        UUID customer = UUID.randomUUID();
        CrmEventCodec.EncodedEvent once = new CrmEventCodec("/crm/customer-service")
                .encode(
                        new CustomerConsentChanged(customer, "WECHAT", "GRANTED", null, Instant.now(), "qr"),
                        Instant.now(),
                        Map.of());
        TestCustomers.send(Topics.CUSTOMER, once.key(), once.payload());
        TestCustomers.send(Topics.CUSTOMER, once.key(), once.payload());
        TestCustomers.publish(new CustomerConsentChanged(customer, "SMS", "GRANTED", null, Instant.now(), "form"));

        Awaitility.await().atMost(WITHIN_SECONDS).until(() -> "GRANTED".equals(consent(customer, "SMS")));
        assertThat(jdbc.sql("select count(*) from crm_processed_event where event_id = :id")
                        .param("id", once.id().toString())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void processedEventIdsArePurgedAfterTheRetention(@Autowired IdempotentEventProcessor processor) {
        jdbc.sql("""
                insert into crm_processed_event (consumer, event_id, event_type, processed_at)
                values ('test', 'old-event', 'crm.customer.updated', now() - interval '31 days'),
                       ('test', 'recent-event', 'crm.customer.updated', now() - interval '29 days')""").update();
        processor.purgeProcessed();
        assertThat(jdbc.sql("select event_id from crm_processed_event where consumer = 'test'")
                        .query(String.class)
                        .list())
                .containsExactly("recent-event");
    }

    @Test
    void aMergeReKeysTheTimelineToTheSurvivor() {
        UUID survivor = TestCustomers.register(jdbc, Map.of(), "Asia/Shanghai");
        UUID merged = UUID.randomUUID();
        String survivorsOwn = interaction(survivor, "a");
        String moved1 = interaction(merged, "b");
        String moved2 = interaction(merged, "c");

        TestCustomers.publish(new CustomerMerged(
                survivor,
                List.of(merged),
                Instant.now(),
                TestCustomers.snapshot(survivor, 2, Map.of("PHONE", "GRANTED"), "Asia/Shanghai")));

        Awaitility.await().atMost(WITHIN_SECONDS).until(() -> timeline(survivor).size() == 3);
        List<String> ids = new ArrayList<>();
        timeline(survivor).forEach(i -> ids.add(i.get("id").asString()));
        assertThat(ids).containsExactlyInAnyOrder(survivorsOwn, moved1, moved2);
        assertThat(timeline(merged)).isEmpty();
        assertThat(consent(survivor, "PHONE")).isEqualTo("GRANTED");
        assertThat(check(merged, "VISIT").at("/reasons/0/rule").asString()).isEqualTo("customer-status");
    }

    @Test
    void erasurePurgesNotesAndSubjectButKeepsTheAnonymousCount() {
        UUID customer = TestCustomers.register(jdbc, Map.of("PHONE", "GRANTED"), "Asia/Shanghai");
        String id = interaction(customer, "客户说地址是上海市某路1号");

        TestCustomers.publish(new CustomerErased(customer, Instant.now()));

        Awaitility.await()
                .atMost(WITHIN_SECONDS)
                .until(() -> agent.get("/api/interactions/" + id)
                        .json()
                        .get("erased")
                        .asBoolean());
        JsonNode erased = agent.get("/api/interactions/" + id).json();
        assertThat(erased.get("notes").isNull()).isTrue();
        assertThat(erased.get("subject").isNull()).isTrue();
        assertThat(erased.get("channel").asString()).isEqualTo("PHONE");
        assertThat(erased.get("type").asString()).isEqualTo("COMPLAINT");
        assertThat(jdbc.sql("select count(*) from interaction where notes like '%上海%'")
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(timeline(customer)).hasSize(1);
        assertThat(consent(customer, "PHONE")).isNull();
        // a late import about the erased customer keeps no personal content either
        String late = interaction(customer, "imported after the erasure");
        JsonNode imported = agent.get("/api/interactions/" + late).json();
        assertThat(imported.get("notes").isNull()).isTrue();
        assertThat(imported.get("erased").asBoolean()).isTrue();
        assertThat(check(customer, "VISIT").get("allowed").asBoolean()).isFalse();
    }

    @Test
    void aPoisonMessageIsParkedOnTheDeadLetterTopicWithTheError() {
        UUID customer = UUID.randomUUID();
        String eventId = sendRaw("crm.customer.registered", customer, """
                {"customerId":"not-a-uuid","customer":42}""");

        try (KafkaConsumer<String, byte[]> dlt = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        CrmInfrastructure.get().kafkaBootstrap(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "test-dlt-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            dlt.subscribe(List.of(Topics.deadLetter(Topics.CUSTOMER)));
            List<ConsumerRecord<String, byte[]>> parked = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                dlt.poll(Duration.ofMillis(200)).forEach(parked::add);
                return parked.stream().anyMatch(r -> new String(r.value(), StandardCharsets.UTF_8).contains(eventId));
            });
            ConsumerRecord<String, byte[]> record = parked.stream()
                    .filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains(eventId))
                    .findFirst()
                    .orElseThrow();
            assertThat(record.key()).isEqualTo(customer.toString());
            assertThat(header(record, "kafka_dlt-exception-fqcn")).contains("PoisonEventException");
            assertThat(header(record, "kafka_dlt-exception-message")).contains("CustomerRegistered");
            assertThat(header(record, "kafka_dlt-original-topic")).isEqualTo(Topics.CUSTOMER);
        }
        // the consumer goes on with the next events
        UUID next = TestCustomers.register(jdbc, Map.of(), null);
        assertThat(next).isNotNull();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private String consent(UUID customer, String channel) {
        return jdbc.sql("select consents ->> :channel from customer_projection where customer_id = :id")
                .param("channel", channel)
                .param("id", customer)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    /** A CloudEvent built by hand: a type or payload the contracts do not (yet) know. */
    private static String sendRaw(String type, UUID subject, String data) {
        String id = UUID.randomUUID().toString();
        var event = CloudEventBuilder.v1()
                .withId(id)
                .withSource(URI.create("/crm/customer-service"))
                .withType(type)
                .withSubject(subject.toString())
                .withTime(OffsetDateTime.now(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .withData(data.getBytes(StandardCharsets.UTF_8))
                .build();
        byte[] bytes = EventFormatProvider.getInstance()
                .resolveFormat(JsonFormat.CONTENT_TYPE)
                .serialize(event);
        TestCustomers.send(Topics.CUSTOMER, subject.toString(), bytes);
        return id;
    }
}
