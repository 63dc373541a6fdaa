package com.crm.contracts.cloudevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.crm.contracts.Topics;
import com.crm.contracts.events.customer.CustomerConsentChanged;
import com.crm.contracts.events.customer.CustomerRegistered;
import com.crm.contracts.events.customer.CustomerSnapshot;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.data.BytesCloudEventData;
import io.cloudevents.jackson.JsonCloudEventData;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CrmEventCodecTest {

    private final CrmEventCodec codec = new CrmEventCodec("/crm/customer-service");

    @Test
    void encodesStructuredCloudEventWithInlineJsonDataAndDecodesItBack() {
        UUID customerId = UUID.randomUUID();
        Instant at = Instant.parse("2026-11-25T10:15:30Z");
        var event = new CustomerConsentChanged(customerId, "EMAIL", "WITHDRAWN", "GRANTED", at, "web-form");

        CrmEventCodec.EncodedEvent encoded = codec.encode(event, at, Map.of(CrmEventCodec.CORRELATION_ID, "req-1"));

        assertThat(encoded.topic()).isEqualTo(Topics.CUSTOMER);
        assertThat(encoded.key()).isEqualTo(customerId.toString());
        String json = new String(encoded.payload(), StandardCharsets.UTF_8);
        assertThat(json)
                .contains(
                        "\"specversion\":\"1.0\"",
                        "\"type\":\"crm.customer.consent-changed\"",
                        "\"subject\":\"" + customerId + "\"",
                        "\"data\":{");

        CloudEvent decoded = CrmEventCodec.decode(encoded.payload());
        assertThat(decoded.getId()).isEqualTo(encoded.id().toString());
        assertThat(decoded.getExtension(CrmEventCodec.CORRELATION_ID)).isEqualTo("req-1");
        assertThat(CrmEventCodec.data(decoded, CustomerConsentChanged.class)).isEqualTo(event);
    }

    @Test
    void eventIdsAreTimeOrderedAndIncreaseInTheOrderEventsAreEncoded() {
        Instant at = Instant.parse("2026-11-25T10:15:30Z");
        UUID previous = null;
        for (int i = 0; i < 10_000; i++) {
            var event = new CustomerConsentChanged(UUID.randomUUID(), "EMAIL", "WITHDRAWN", "GRANTED", at, "web-form");
            UUID id = codec.encode(event, at, Map.of()).id();
            assertThat(id.version()).isEqualTo(7);
            if (previous != null) {
                // as PostgreSQL orders uuids: byte by byte, unsigned
                assertThat(id.toString()).isGreaterThan(previous.toString());
            }
            previous = id;
        }
    }

    @Test
    void dataBindsTheSameFromTheDecodedTreeAsFromBytes() {
        UUID id = UUID.randomUUID();
        Instant at = Instant.parse("2026-11-25T10:15:30.123456Z");
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("loyalty_tier", "gold");
        properties.put("visits", 12);
        properties.put("credit_limit", 1250.75);
        properties.put("vip", true);
        properties.put("interests", List.of("tea", "golf"));
        properties.put("huge", new java.math.BigInteger("123456789012345678901234567890"));
        var event = new CustomerRegistered(
                id,
                new CustomerSnapshot(
                        id,
                        "PERSON",
                        null,
                        null,
                        "retail",
                        "华东",
                        List.of("a", "b"),
                        "agent-1",
                        Map.of("EMAIL", "GRANTED"),
                        at,
                        at,
                        3,
                        "Asia/Shanghai",
                        "north",
                        properties));
        CloudEvent decoded =
                CrmEventCodec.decode(codec.encode(event, at, Map.of()).payload());
        assertThat(decoded.getData()).isInstanceOf(JsonCloudEventData.class);

        CustomerRegistered fromTree = CrmEventCodec.data(decoded, CustomerRegistered.class);
        CustomerRegistered fromBytes = CrmEventCodec.data(
                CloudEventBuilder.v1(decoded)
                        .withData(BytesCloudEventData.wrap(decoded.getData().toBytes()))
                        .build(),
                CustomerRegistered.class);
        assertThat(fromTree).isEqualTo(fromBytes).isEqualTo(event);
        assertThat(fromTree.customer().properties()).isEqualTo(properties);
    }

    @Test
    void dataOfAnotherShapeIsRefusedAsBefore() {
        var event = new CustomerConsentChanged(
                UUID.randomUUID(), "EMAIL", "WITHDRAWN", "GRANTED", Instant.parse("2026-11-25T10:15:30Z"), "web");
        CloudEvent decoded = CrmEventCodec.decode(
                codec.encode(event, Instant.now(), Map.of()).payload());
        assertThatThrownBy(() -> CrmEventCodec.data(decoded, UnreadableShape.class))
                .isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void instantsInAnyFormJacksonReadsStillBindAndBadOnesAreRefused() {
        Instant at = Instant.parse("2026-11-25T10:15:30.250Z");
        for (String written :
                List.of("\"2026-11-25T10:15:30.250Z\"", "\"2026-11-25T18:15:30.25+08:00\"", "1795601730.250000000")) {
            CloudEvent event = CloudEventBuilder.v1()
                    .withId("1")
                    .withSource(java.net.URI.create("/test"))
                    .withType("crm.customer.consent-changed")
                    .withData(
                            "application/json",
                            ("""
                                    {"customerId":"%s","channel":"EMAIL","status":"WITHDRAWN","previousStatus":"GRANTED",\
                                    "changedAt":%s,"source":"web"}""".formatted(UUID.randomUUID(), written)).getBytes(StandardCharsets.UTF_8))
                    .build();
            assertThat(CrmEventCodec.data(event, CustomerConsentChanged.class).changedAt())
                    .as(written)
                    .isEqualTo(at);
        }
        CloudEvent bad = CloudEventBuilder.v1()
                .withId("2")
                .withSource(java.net.URI.create("/test"))
                .withType("crm.customer.consent-changed")
                .withData("application/json", """
                        {"changedAt":"2026-02-30T10:15:30Z"}""".getBytes(StandardCharsets.UTF_8))
                .build();
        assertThatThrownBy(() -> CrmEventCodec.data(bad, CustomerConsentChanged.class))
                .isInstanceOf(UncheckedIOException.class);
    }

    /** A record whose field cannot bind from a consent change's {@code channel} text. */
    record UnreadableShape(List<Integer> channel) {}
}
