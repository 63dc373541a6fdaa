package com.crm.interaction.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.contracts.Topics;
import com.crm.contracts.cloudevents.CrmEventCodec;
import com.crm.interaction.TestCustomers;
import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmServiceTest;
import com.crm.test.EventCapture;
import com.crm.test.TestTokens;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The request id a caller (or the gateway) sends comes back on the answer and travels into the event the write
 * publishes, as the CloudEvents {@code correlationid} extension, so one id links the request, its logs and every
 * consumer's work; a request without one gets a generated id, used the same way.
 */
@CrmServiceTest
class RequestIdPropagationIntegrationTest {

    @RegisterExtension
    static final EventCapture events = EventCapture.of(Topics.INTERACTION);

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private ApiClient agent() {
        return ApiClient.of("http://localhost:" + port).withToken(TestTokens.withScopes("crm.read", "crm.write"));
    }

    private static String call(UUID customer) {
        return """
                {"customerId":"%s","channel":"PHONE","direction":"OUTBOUND","type":"FOLLOW_UP","agentId":"agent-9"}""".formatted(customer);
    }

    private UUID customer() {
        return TestCustomers.register(jdbc, Map.of("PHONE", "GRANTED"), TestCustomers.zoneWhereLocalHourIs(12));
    }

    @Test
    void theCallersRequestIdBecomesTheEventsCorrelationId() {
        UUID customer = customer();
        String requestId = "journey-" + UUID.randomUUID();

        ApiResponse created = agent().withHeader("X-Request-Id", requestId).post("/api/interactions", call(customer));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("X-Request-Id")).isEqualTo(requestId);
        var event =
                events.await("crm.interaction.recorded", customer.toString()).event();
        assertThat(event.getExtension(CrmEventCodec.CORRELATION_ID)).isEqualTo(requestId);
    }

    @Test
    void aRequestWithoutAnIdGetsOneThatTheEventCarriesToo() {
        UUID customer = customer();

        ApiResponse created = agent().post("/api/interactions", call(customer));

        assertThat(created.status()).isEqualTo(201);
        String generated = created.header("X-Request-Id");
        assertThat(generated).isNotBlank();
        var event =
                events.await("crm.interaction.recorded", customer.toString()).event();
        assertThat(event.getExtension(CrmEventCodec.CORRELATION_ID)).isEqualTo(generated);
    }
}
