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

/** The gateway's loyalty-service routes, in front of a real HTTP backend standing in for it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestTokensInitializer.class)
class GatewayLoyaltyRoutingTest {

    private static final List<String> PATHS = new CopyOnWriteArrayList<>();
    private static final HttpServer LOYALTY = backend();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void routeToBackend(DynamicPropertyRegistry registry) {
        registry.add(
                "crm.gateway.loyalty-service-uri",
                () -> "http://localhost:" + LOYALTY.getAddress().getPort());
    }

    @AfterAll
    static void stopBackend() {
        LOYALTY.stop(0);
    }

    @Test
    void routesLoyaltyPathsAndItsOpenApiToLoyaltyService() {
        ApiClient gateway = ApiClient.of("http://localhost:" + port).withToken(TestTokens.withScopes("crm.read"));
        for (String path : List.of(
                "/api/loyalty/programs",
                "/api/loyalty/members/7f1c7a2e-0000-4000-8000-000000000001",
                "/api/loyalty/members/7f1c7a2e-0000-4000-8000-000000000001/journal",
                "/api/loyalty/rewards",
                "/api/loyalty/levels",
                "/api/loyalty/coupons")) {
            assertThat(gateway.get(path).body())
                    .as(path)
                    .isEqualTo("{\"service\":\"loyalty-service\",\"path\":\"" + path + "\"}");
        }

        ApiClient anonymous = ApiClient.of("http://localhost:" + port);
        int before = PATHS.size();
        assertThat(anonymous.get("/api/loyalty/rewards").status()).isEqualTo(401);
        assertThat(PATHS).hasSize(before);
        assertThat(anonymous.get("/api-docs/loyalty-service").body()).contains("\"openapi\"");
        assertThat(anonymous.get("/v3/api-docs/swagger-config").body()).contains("/api-docs/loyalty-service");
    }

    private static HttpServer backend() {
        return StubBackend.start(exchange -> {
            String path = exchange.getRequestURI().getPath();
            PATHS.add(path);
            byte[] body = (path.equals("/v3/api-docs")
                            ? "{\"openapi\":\"3.1.0\"}"
                            : "{\"service\":\"loyalty-service\",\"path\":\"" + path + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            StubBackend.json(exchange, 200, body);
        });
    }
}
