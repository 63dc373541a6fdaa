package com.crm.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.test.ApiClient;
import com.crm.test.TestTokens;
import com.crm.test.TestTokensInitializer;
import com.sun.net.httpserver.HttpServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The gateway's segmentation-service routes, in front of a real HTTP backend standing in for it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestTokensInitializer.class)
class GatewaySegmentationRoutingTest {

    private static final List<String> PATHS = new CopyOnWriteArrayList<>();
    private static final HttpServer SEGMENTATION = backend();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void routeToBackend(DynamicPropertyRegistry registry) {
        registry.add(
                "crm.gateway.segmentation-service-uri",
                () -> "http://localhost:" + SEGMENTATION.getAddress().getPort());
        // nothing listens on port 1: a request routed to customer-service fails fast with 503
        registry.add("crm.gateway.customer-service-uri", () -> "http://localhost:1");
    }

    @AfterAll
    static void stopBackend() {
        SEGMENTATION.stop(0);
    }

    @Test
    void routesSegmentationPathsAndItsOpenApiToSegmentationService() {
        ApiClient gateway = ApiClient.of("http://localhost:" + port).withToken(TestTokens.withScopes("crm.read"));
        for (String path : List.of(
                "/api/segmentation/customers/1",
                "/api/segmentation/fits",
                "/api/segmentation/runs/2",
                "/api/segmentation/segments/3/members.csv",
                "/api/prospects",
                "/api/prospects/conversion",
                "/api/kpis",
                "/api/kpis/revenue",
                "/api/customers/7f1c7a2e-0000-4000-8000-000000000001/offers",
                "/api/customers/7f1c7a2e-0000-4000-8000-000000000001/offers/declines",
                "/api/customers/7f1c7a2e-0000-4000-8000-000000000001/segments",
                "/api/customers/7f1c7a2e-0000-4000-8000-000000000001/lost-to-competitor",
                "/api/winback/candidates",
                "/api/winback/report",
                "/api/winback/return-rates")) {
            assertThat(gateway.get(path).body())
                    .as(path)
                    .isEqualTo("{\"service\":\"segmentation-service\",\"path\":\"" + path + "\"}");
        }
        // the customer's own resource stays with customer-service (not running here: 503), not segmentation
        int routed = PATHS.size();
        assertThat(gateway.get("/api/customers/7f1c7a2e-0000-4000-8000-000000000001")
                        .status())
                .isEqualTo(503);
        assertThat(PATHS).hasSize(routed);

        ApiClient anonymous = ApiClient.of("http://localhost:" + port);
        int before = PATHS.size();
        assertThat(anonymous.get("/api/segmentation/fits").status()).isEqualTo(401);
        assertThat(PATHS).hasSize(before);
        assertThat(anonymous.get("/api-docs/segmentation-service").body()).contains("\"openapi\"");
        assertThat(anonymous.get("/v3/api-docs/swagger-config").body()).contains("/api-docs/segmentation-service");
    }

    private static HttpServer backend() {
        return StubBackend.start(exchange -> {
            String path = exchange.getRequestURI().getPath();
            PATHS.add(path);
            byte[] body = (path.equals("/v3/api-docs")
                            ? "{\"openapi\":\"3.1.0\"}"
                            : "{\"service\":\"segmentation-service\",\"path\":\"" + path + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            StubBackend.json(exchange, 200, body);
        });
    }
}
