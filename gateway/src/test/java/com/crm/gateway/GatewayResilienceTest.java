package com.crm.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.TestTokens;
import com.crm.test.TestTokensInitializer;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Services that go down, come back, hang or fail once: the gateway answers fast and recovers. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.http.clients.read-timeout=1s",
            "spring.http.clients.connect-timeout=1s",
            "crm.gateway.resilience.defaults.sliding-window-size=4",
            "crm.gateway.resilience.defaults.minimum-number-of-calls=4",
            "crm.gateway.resilience.defaults.wait-duration-in-open-state=2s",
            "crm.gateway.resilience.defaults.retry-backoff=10ms",
            // the flaky service fails on purpose: its breaker must stay closed for the retry test
            "crm.gateway.resilience.routes.feedback-service.minimum-number-of-calls=100",
            "crm.gateway.resilience.routes.feedback-service.retry-backoff=10ms",
            // reports are slow by nature: this route waits longer than the 1 s every other route gets
            "crm.gateway.resilience.routes.segmentation-service.read-timeout=6s"
        })
@ContextConfiguration(initializers = TestTokensInitializer.class)
class GatewayResilienceTest {

    private static final int CUSTOMERS_PORT;
    private static volatile HttpServer customers;
    private static final CountDownLatch NEVER = new CountDownLatch(1);
    private static final HttpServer SLOW = server(0, exchange -> {
        try {
            NEVER.await(5, TimeUnit.SECONDS); // a service that hangs (released when the test class ends)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        respond(exchange, 200, "{\"late\":true}");
    });
    /** Answers after 2 s: too slow for the default read timeout, fine for a route allowed longer. */
    private static final HttpServer UNHURRIED = server(0, exchange -> {
        try {
            NEVER.await(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        respond(exchange, 200, "{\"late\":true}");
    });

    private static final Map<String, AtomicInteger> FLAKY_CALLS = new ConcurrentHashMap<>();
    private static final List<String> FLAKY_BODIES = new CopyOnWriteArrayList<>();
    private static final HttpServer FLAKY = server(0, exchange -> {
        String key =
                exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
        FLAKY_BODIES.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        int call = FLAKY_CALLS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        if (call == 1) {
            respond(exchange, 503, "{\"status\":503}"); // fails the first time only
        } else {
            respond(exchange, 200, "{\"call\":" + call + "}");
        }
    });

    static {
        customers = server(0, GatewayResilienceTest::ok);
        CUSTOMERS_PORT = customers.getAddress().getPort();
    }

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) {
        registry.add("crm.gateway.customer-service-uri", () -> "http://localhost:" + CUSTOMERS_PORT);
        registry.add(
                "crm.gateway.interaction-service-uri",
                () -> "http://localhost:" + SLOW.getAddress().getPort());
        registry.add(
                "crm.gateway.feedback-service-uri",
                () -> "http://localhost:" + FLAKY.getAddress().getPort());
        registry.add(
                "crm.gateway.segmentation-service-uri",
                () -> "http://localhost:" + UNHURRIED.getAddress().getPort());
    }

    @AfterAll
    static void stopBackends() {
        NEVER.countDown();
        customers.stop(0);
        SLOW.stop(0);
        UNHURRIED.stop(0);
        FLAKY.stop(0);
    }

    @Test
    void answersAFast503WhileTheServiceIsDownAndReachesItAgainOnceItsBreakerCloses() {
        ApiClient gateway = ApiClient.of("http://localhost:" + port).withToken(TestTokens.withScopes("crm.read"));
        assertThat(gateway.get("/api/customers/1").status()).isEqualTo(200);

        customers.stop(0);
        ApiResponse down = gateway.get("/api/customers/1");
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.contentType()).startsWith("application/problem+json");
        assertThat(down.json().get("type").asString()).isEqualTo("urn:crm:problem:service-unavailable");

        // failures pile up until the breaker opens: then the gateway does not even try, and says when to come back
        await().atMost(Duration.ofSeconds(10))
                .until(() -> gateway.get("/api/customers/1").header("Retry-After") != null);
        long start = System.nanoTime();
        ApiResponse open = gateway.get("/api/customers/1");
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(open.status()).isEqualTo(503);
        assertThat(open.contentType()).startsWith("application/problem+json");
        assertThat(open.json().get("detail").asString()).contains("circuit breaker is open");
        assertThat(open.header("Retry-After")).isEqualTo("2");
        assertThat(tookMillis).isLessThan(500);

        customers = server(CUSTOMERS_PORT, GatewayResilienceTest::ok); // the service restarts on its port
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> gateway.get("/api/customers/1").status() == 200);
        ApiResponse back = gateway.get("/api/customers/2");
        assertThat(back.status()).isEqualTo(200);
        assertThat(back.body()).isEqualTo("{\"path\":\"/api/customers/2\"}");
    }

    @Test
    void answersA504WithinTheReadTimeoutWhenTheServiceHangs() {
        ApiClient gateway = ApiClient.of("http://localhost:" + port).withToken(TestTokens.withScopes("crm.read"));
        long start = System.nanoTime();
        ApiResponse slow = gateway.get("/api/interactions/1");
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(slow.status()).isEqualTo(504);
        assertThat(slow.contentType()).startsWith("application/problem+json");
        assertThat(slow.json().get("type").asString()).isEqualTo("urn:crm:problem:gateway-timeout");
        assertThat(tookMillis).isLessThan(4000); // read timeout 1 s, never the service's 5 s hang
    }

    @Test
    void aRouteWithItsOwnReadTimeoutWaitsForASlowAnswerThatTheDefaultWouldCutOff() {
        ApiClient gateway = ApiClient.of("http://localhost:" + port).withToken(TestTokens.withScopes("crm.read"));

        ApiResponse report = gateway.get("/api/segmentation/runs");

        assertThat(report.status()).as("2 s answer within the route's 6 s").isEqualTo(200);
        assertThat(report.body()).isEqualTo("{\"late\":true}");
    }

    @Test
    void retriesSafeRequestsOnlyGetsAndPostsWithAnIdempotencyKey() {
        ApiClient gateway =
                ApiClient.of("http://localhost:" + port).withToken(TestTokens.withScopes("crm.read", "crm.write"));

        ApiResponse get = gateway.get("/api/surveys/1");
        assertThat(get.status()).isEqualTo(200);
        assertThat(FLAKY_CALLS.get("GET /api/surveys/1")).hasValue(2);

        ApiResponse post = gateway.post("/api/complaints", "{\"n\":1}");
        assertThat(post.status()).isEqualTo(503);
        assertThat(FLAKY_CALLS.get("POST /api/complaints")).hasValue(1);

        ApiResponse keyed = gateway.withHeader("Idempotency-Key", "k-1").post("/api/surveys", "{\"n\":2}");
        assertThat(keyed.status()).isEqualTo(200);
        assertThat(FLAKY_CALLS.get("POST /api/surveys")).hasValue(2);
        assertThat(FLAKY_BODIES.stream().filter("{\"n\":2}"::equals)).hasSize(2);
    }

    private static void ok(HttpExchange exchange) throws IOException {
        respond(exchange, 200, "{\"path\":\"" + exchange.getRequestURI().getPath() + "\"}");
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static HttpServer server(int port, HttpHandler handler) {
        return StubBackend.start(port, handler);
    }
}
