package com.crm.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.TestTokens;
import com.crm.test.TestTokensInitializer;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** What browsers meet at the edge: CORS for the configured frontends only, and security headers. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "crm.gateway.cors.allowed-origins=https://app.crm.example")
@ContextConfiguration(initializers = TestTokensInitializer.class)
class GatewayEdgeTest {

    private static final AtomicInteger BACKEND_CALLS = new AtomicInteger();
    private static final HttpServer BACKEND = backend();
    private static final List<String> BACKEND_PATHS = new CopyOnWriteArrayList<>();
    private static final List<String> BACKEND_TRACEPARENTS = new CopyOnWriteArrayList<>();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) {
        registry.add(
                "crm.gateway.customer-service-uri",
                () -> "http://localhost:" + BACKEND.getAddress().getPort());
        registry.add(
                "crm.gateway.token-issuer-uri",
                () -> "http://localhost:" + BACKEND.getAddress().getPort());
    }

    @AfterAll
    static void stopBackend() {
        BACKEND.stop(0);
    }

    @Test
    void answersThePreflightOfAConfiguredFrontendWithoutATokenAndWithoutCallingTheService() throws Exception {
        int before = BACKEND_CALLS.get();
        HttpResponse<String> preflight = preflight("https://app.crm.example");

        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                .hasValue("https://app.crm.example");
        assertThat(preflight
                        .headers()
                        .firstValue("Access-Control-Allow-Methods")
                        .orElseThrow())
                .contains("PATCH");
        assertThat(preflight
                        .headers()
                        .firstValue("Access-Control-Allow-Headers")
                        .orElseThrow()
                        .toLowerCase())
                .contains("authorization", "idempotency-key");
        assertThat(BACKEND_CALLS.get()).isEqualTo(before);

        ApiResponse actual = ApiClient.of("http://localhost:" + port)
                .withToken(TestTokens.withScopes("crm.read"))
                .withHeader("Origin", "https://app.crm.example")
                .get("/api/customers/1");
        assertThat(actual.status()).isEqualTo(200);
        assertThat(actual.header("Access-Control-Allow-Origin")).isEqualTo("https://app.crm.example");
        assertThat(actual.header("Access-Control-Expose-Headers")).contains("X-Request-Id", "X-RateLimit-Remaining");
    }

    @Test
    void refusesThePreflightOfAnOriginNotConfigured() throws Exception {
        HttpResponse<String> preflight = preflight("https://evil.example");
        assertThat(preflight.statusCode()).isEqualTo(403);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                .isEmpty();
    }

    @Test
    void sendsSecurityHeadersOnEveryAnswer() {
        ApiClient gateway = ApiClient.of("http://localhost:" + port);
        for (ApiResponse response : new ApiResponse[] {
            gateway.withToken(TestTokens.withScopes("crm.read")).get("/api/customers/1"),
            gateway.get("/api/customers/1")
        }) {
            assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(response.header("Cache-Control")).contains("no-store");
        }
    }

    @Test
    void servesTheIssuersTokenEndpointOnItsOwnOriginForTheSwaggerUiAuthorizeButton() throws Exception {
        int before = BACKEND_CALLS.get();
        HttpResponse<String> token = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/oauth2/token"))
                        .header("Authorization", "Basic Y3JtLWZyb250ZW5kOmZyb250ZW5kLXNlY3JldA==")
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=crm.read"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(token.statusCode()).isEqualTo(200);
        assertThat(BACKEND_CALLS.get()).isEqualTo(before + 1);
        assertThat(BACKEND_PATHS).contains("/oauth2/token");

        String initializer = ApiClient.of("http://localhost:" + port)
                .get("/swagger-ui/swagger-initializer.js")
                .body();
        assertThat(initializer).contains("initOAuth").contains("crm-web").contains("usePkceWithAuthorizationCodeGrant");
    }

    @Test
    void continuesTheCallersW3cTraceInTheCallToTheService() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        ApiResponse response = ApiClient.of("http://localhost:" + port)
                .withToken(TestTokens.withScopes("crm.read"))
                .withHeader("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .get("/api/customers/trace");
        assertThat(response.status()).isEqualTo(200);
        assertThat(BACKEND_TRACEPARENTS)
                .anySatisfy(header ->
                        assertThat(header).startsWith("00-" + traceId + "-").doesNotContain("00f067aa0ba902b7"));
    }

    private HttpResponse<String> preflight(String origin) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/customers"))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", origin)
                        .header("Access-Control-Request-Method", "PATCH")
                        .header("Access-Control-Request-Headers", "authorization,content-type,idempotency-key")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpServer backend() {
        return StubBackend.start(exchange -> {
            BACKEND_CALLS.incrementAndGet();
            BACKEND_PATHS.add(exchange.getRequestURI().getPath());
            String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
            if (traceparent != null) {
                BACKEND_TRACEPARENTS.add(traceparent);
            }
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            StubBackend.json(exchange, 200, body);
        });
    }
}
