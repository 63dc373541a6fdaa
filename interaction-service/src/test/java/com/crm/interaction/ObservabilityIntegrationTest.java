package com.crm.interaction;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.test.ApiClient;
import com.crm.test.CrmServiceTest;
import com.crm.test.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Actuator on a separate management port, as in the images: Prometheus scrapes it without a token. */
@CrmServiceTest
class ObservabilityIntegrationTest {

    static final int MANAGEMENT_PORT = freePort();

    @DynamicPropertySource
    static void managementPort(DynamicPropertyRegistry registry) {
        registry.add("management.server.port", () -> MANAGEMENT_PORT);
    }

    @LocalServerPort
    int port;

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ApiClient management() {
        return ApiClient.of("http://localhost:" + MANAGEMENT_PORT);
    }

    @Test
    void prometheusScrapesTheManagementPortWithoutAToken() {
        var metrics = management().get("/actuator/prometheus");
        assertThat(metrics.status()).as(metrics.body()).isEqualTo(200);
        assertThat(metrics.body()).contains("crm_outbox_pending{application=\"interaction-service\"");
    }

    @Test
    void prometheusStaysClosedOnTheApplicationPort() {
        assertThat(ApiClient.of("http://localhost:" + port)
                        .get("/actuator/prometheus")
                        .status())
                .isEqualTo(401);
    }

    @Test
    void otherActuatorEndpointsStillNeedTheAdminScope() {
        assertThat(management().get("/actuator/metrics").status()).isEqualTo(401);
        assertThat(management()
                        .withToken(TestTokens.withScopes("crm.read"))
                        .get("/actuator/metrics")
                        .status())
                .isIn(403, 404);
    }

    @Test
    void healthGroupsReportPostgresqlAndKafka() {
        var readiness = management().get("/actuator/health/readiness");
        assertThat(readiness.status()).as(readiness.body()).isEqualTo(200);
        var dependencies = management().get("/actuator/health/dependencies");
        assertThat(dependencies.status()).as(dependencies.body()).isEqualTo(200);
        assertThat(dependencies.body()).contains("\"db\"", "\"kafka\"");
        assertThat(management().get("/actuator/health/liveness").status()).isEqualTo(200);
    }
}
