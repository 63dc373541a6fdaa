package com.crm.support.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.crm.contracts.cloudevents.CrmEventCodec;
import com.crm.contracts.events.customer.CustomerConsentChanged;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class CrmEventHandlersTest {

    private final List<CustomerConsentChanged> seen = new ArrayList<>();
    private final CrmEventHandlers handlers = CrmEventHandlers.builder()
            .on(CustomerConsentChanged.class, seen::add)
            .build();

    private static CloudEvent raw(String type, String data) {
        return CloudEventBuilder.v1()
                .withId(UUID.randomUUID().toString())
                .withSource(URI.create("/test"))
                .withType(type)
                .withDataContentType("application/json")
                .withData(data.getBytes(StandardCharsets.UTF_8))
                .build();
    }

    @Test
    void dispatchesByTypeWithThePayloadDecodedAndToleratesFieldsItDoesNotKnow() {
        UUID customer = UUID.randomUUID();
        byte[] encoded = new CrmEventCodec("/crm/customer-service")
                .encode(
                        new CustomerConsentChanged(customer, "SMS", "GRANTED", null, Instant.now(), "form"),
                        Instant.now(),
                        Map.of())
                .payload();
        handlers.dispatch(CrmEventCodec.decode(encoded));
        handlers.dispatch(raw("crm.customer.consent-changed", """
                {"customerId":"%s","channel":"EMAIL","status":"WITHDRAWN","addedLater":[1,2]}""".formatted(customer)));

        assertThat(seen).extracting(CustomerConsentChanged::channel).containsExactly("SMS", "EMAIL");
        assertThat(handlers.handles("crm.customer.consent-changed")).isTrue();
    }

    @Test
    void ignoresTypesWithoutAHandler() {
        assertThat(handlers.handles("crm.customer.something-new")).isFalse();
        handlers.dispatch(raw("crm.customer.something-new", "{}"));
        assertThat(seen).isEmpty();
    }

    @Test
    void aPayloadThatIsNotTheTypesRecordIsPoison() {
        assertThatThrownBy(() -> handlers.dispatch(raw("crm.customer.consent-changed", "{\"customerId\":\"x\"}")))
                .isInstanceOf(PoisonEventException.class)
                .hasMessageContaining("CustomerConsentChanged");
    }

    @Test
    void aTypeNobodyWantsNowPassesByAndSnapshotsAreMarked() {
        AtomicBoolean wanted = new AtomicBoolean(false);
        CrmEventHandlers filtered = CrmEventHandlers.builder()
                .onLatest(CustomerConsentChanged.class, seen::add)
                .onlyWhile(type -> wanted.get())
                .build();
        assertThat(filtered.handles("crm.customer.consent-changed")).isFalse();
        wanted.set(true);
        assertThat(filtered.handles("crm.customer.consent-changed")).isTrue();
        assertThat(filtered.latestOnly("crm.customer.consent-changed")).isTrue();
        assertThat(handlers.latestOnly("crm.customer.consent-changed")).isFalse();
    }

    @Test
    void theBatchHookHearsTheCustomersOnceAndOnlyWhenThereAreAny() {
        List<Set<String>> calls = new ArrayList<>();
        CrmEventHandlers withHook = CrmEventHandlers.builder()
                .on(CustomerConsentChanged.class, seen::add)
                .afterBatch(calls::add)
                .build();
        withHook.completed(Set.of());
        withHook.completed(Set.of("a", "b"));
        assertThat(calls).containsExactly(Set.of("a", "b"));
    }
}
