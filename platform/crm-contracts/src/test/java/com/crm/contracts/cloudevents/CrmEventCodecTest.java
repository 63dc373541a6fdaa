package com.crm.contracts.cloudevents;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.Topics;
import com.crm.contracts.events.customer.CustomerConsentChanged;
import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
}
