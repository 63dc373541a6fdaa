package com.crm.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.TestTokens;
import com.crm.test.TestTokensInitializer;
import com.sun.net.httpserver.HttpServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Many callers of one service are proxied at the same time, not queued behind a handful of pooled connections. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "crm.gateway.rate-limit.enabled=false")
@ContextConfiguration(initializers = TestTokensInitializer.class)
class GatewayConnectionPoolTest {

    private static final int CALLERS = 12;
    /** Each call waits here until every caller's call has reached the service, or gives up. */
    private static final CountDownLatch ALL_ARRIVED = new CountDownLatch(CALLERS);

    private static final HttpServer BACKEND = StubBackend.start(exchange -> {
        ALL_ARRIVED.countDown();
        boolean together;
        try {
            together = ALL_ARRIVED.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            together = false;
        }
        StubBackend.json(exchange, 200, ("{\"together\":" + together + "}").getBytes(StandardCharsets.UTF_8));
    });

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
    void twelveConcurrentCallsToOneServiceAllReachItAtOnce() throws Exception {
        ApiClient gateway = ApiClient.of("http://localhost:" + port).withToken(TestTokens.withScopes("crm.read"));
        List<Future<ApiResponse>> calls = new ArrayList<>();
        try (ExecutorService callers = Executors.newFixedThreadPool(CALLERS)) {
            for (int i = 0; i < CALLERS; i++) {
                calls.add(callers.submit(() -> gateway.get("/api/customers/" + UUID.randomUUID())));
            }
        }
        for (Future<ApiResponse> call : calls) {
            ApiResponse answer = call.get();
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.json().get("together").asBoolean())
                    .as("every call reached the service while the others were still there")
                    .isTrue();
        }
    }
}
