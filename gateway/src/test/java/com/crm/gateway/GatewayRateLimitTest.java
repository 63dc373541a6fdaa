package com.crm.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.TestTokens;
import com.crm.test.TestTokensInitializer;
import com.sun.net.httpserver.HttpServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The token's client gets its configured quota, sees what is left on every answer, and a 429 beyond it. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "crm.gateway.rate-limit.defaults.capacity=1000",
            "crm.gateway.rate-limit.clients.test-client.capacity=3",
            // one token back every 10 s: nothing refills between the first four requests even on a busy machine
            "crm.gateway.rate-limit.clients.test-client.period=30s"
        })
@ContextConfiguration(initializers = TestTokensInitializer.class)
class GatewayRateLimitTest {

    private static final AtomicInteger BACKEND_CALLS = new AtomicInteger();
    private static final HttpServer BACKEND = backend();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) {
        registry.add(
                "crm.gateway.customer-service-uri",
                () -> "http://localhost:" + BACKEND.getAddress().getPort());
    }

    @AfterAll
    static void stopBackend() {
        BACKEND.stop(0);
    }

    @Test
    void answers429WithRetryAfterOnceTheClientsOwnLimitIsUsedAndServesItAgainWhenTheBucketRefills() {
        ApiClient gateway = ApiClient.of("http://localhost:" + port).withToken(TestTokens.withScopes("crm.read"));

        for (int remaining = 2; remaining >= 0; remaining--) {
            ApiResponse ok = gateway.get("/api/customers/1");
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.header("X-RateLimit-Limit")).isEqualTo("3");
            assertThat(ok.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(remaining));
        }
        int callsBefore = BACKEND_CALLS.get();

        ApiResponse limited = gateway.get("/api/customers/1");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.contentType()).startsWith("application/problem+json");
        assertThat(limited.json().get("type").asString()).isEqualTo("urn:crm:problem:rate-limited");
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 10);
        assertThat(limited.header("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(BACKEND_CALLS.get()).isEqualTo(callsBefore);

        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> gateway.get("/api/customers/1").status() == 200);
    }

    private static HttpServer backend() {
        return StubBackend.start(exchange -> {
            BACKEND_CALLS.incrementAndGet();
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            StubBackend.json(exchange, 200, body);
        });
    }
}
