package com.crm.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
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

/** The gateway in front of a real HTTP backend standing in for customer-service. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestTokensInitializer.class)
class GatewayRoutingTest {

    private static final List<String> BACKEND_AUTHORIZATION = new CopyOnWriteArrayList<>();
    private static final List<String> BACKEND_REQUEST_IDS = new CopyOnWriteArrayList<>();
    private static final HttpServer BACKEND = backend(null);
    private static final HttpServer INTERACTIONS = backend("interaction-service");

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void routeToBackend(DynamicPropertyRegistry registry) {
        registry.add(
                "crm.gateway.customer-service-uri",
                () -> "http://localhost:" + BACKEND.getAddress().getPort());
        registry.add(
                "crm.gateway.interaction-service-uri",
                () -> "http://localhost:" + INTERACTIONS.getAddress().getPort());
    }

    @AfterAll
    static void stopBackend() {
        BACKEND.stop(0);
        INTERACTIONS.stop(0);
    }

    @Test
    void routesInteractionPathsAndTheCustomerTimelineToInteractionServiceAndTheRestToCustomerService() {
        ApiClient gateway = ApiClient.of("http://localhost:" + port).withToken(TestTokens.withScopes("crm.read"));
        for (String path : List.of(
                "/api/interactions/1",
                "/api/interactions",
                "/api/contact-policies",
                "/api/due-contacts",
                "/api/communication-plans/2",
                "/api/agents",
                "/api/agents/7/assignments",
                "/api/customers/42/timeline",
                "/api/customers/42/channel-preference")) {
            assertThat(gateway.get(path).body())
                    .as(path)
                    .isEqualTo("{\"service\":\"interaction-service\",\"path\":\"" + path + "\"}");
        }
        assertThat(gateway.get("/api/customers/42").body()).isEqualTo("{\"path\":\"/api/customers/42\"}");
        assertThat(gateway.get("/api/audit").body())
                .as("the audit log is customer-service's")
                .isEqualTo("{\"path\":\"/api/audit\"}");
        for (String path : List.of(
                "/api/customer-properties",
                "/api/customer-properties/plan",
                "/api/subscription-types",
                "/api/subscription-types/newsletter",
                "/api/customers/42/consent-purposes",
                "/api/customers/42/consent-history",
                "/api/customers/42/subscriptions",
                "/api/risk/reviews",
                "/api/risk/runs/7",
                "/api/customers/42/risk")) {
            assertThat(gateway.get(path).body()).as(path).isEqualTo("{\"path\":\"" + path + "\"}");
        }
        ApiResponse docs = ApiClient.of("http://localhost:" + port).get("/api-docs/interaction-service");
        assertThat(docs.body()).contains("\"openapi\"");
        assertThat(ApiClient.of("http://localhost:" + port)
                        .get("/v3/api-docs/swagger-config")
                        .body())
                .contains("/api-docs/interaction-service");
    }

    @Test
    void routesCustomerCallsWithTheCallersTokenToCustomerService() {
        String token = TestTokens.withScopes("crm.read");
        ApiResponse response =
                ApiClient.of("http://localhost:" + port).withToken(token).get("/api/customers/42?x=1");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"path\":\"/api/customers/42\"}");
        assertThat(BACKEND_AUTHORIZATION).contains("Bearer " + token);
    }

    @Test
    void passesTheRequestIdToTheServiceAndAnswersWithExactlyOne() {
        ApiResponse given = ApiClient.of("http://localhost:" + port)
                .withToken(TestTokens.withScopes("crm.read"))
                .withHeader("X-Request-Id", "req-abc-123")
                .get("/api/customers/7");
        assertThat(given.headers().allValues("X-Request-Id")).containsExactly("req-abc-123");
        assertThat(BACKEND_REQUEST_IDS).contains("req-abc-123");

        ApiResponse generated = ApiClient.of("http://localhost:" + port)
                .withToken(TestTokens.withScopes("crm.read"))
                .get("/api/customers/8");
        assertThat(generated.headers().allValues("X-Request-Id")).hasSize(1);
        assertThat(BACKEND_REQUEST_IDS).contains(generated.header("X-Request-Id"));
    }

    @Test
    void refusesCallsWithoutATokenOrWithTheWrongScopeBeforeReachingTheService() {
        int callsBefore = BACKEND_AUTHORIZATION.size();
        ApiClient gateway = ApiClient.of("http://localhost:" + port);

        ApiResponse anonymous = gateway.get("/api/customers");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");

        ApiResponse readOnlyWrite =
                gateway.withToken(TestTokens.withScopes("crm.read")).post("/api/customers", "{}");
        assertThat(readOnlyWrite.status()).isEqualTo(403);
        assertThat(readOnlyWrite.contentType()).startsWith("application/problem+json");
        assertThat(BACKEND_AUTHORIZATION).hasSize(callsBefore);
    }

    @Test
    void batchSyncNeedsTheIntegrationScopeAtTheGatewayToo() {
        int callsBefore = BACKEND_AUTHORIZATION.size();
        ApiResponse frontend = ApiClient.of("http://localhost:" + port)
                .withToken(TestTokens.withScopes("crm.read", "crm.write"))
                .post("/api/customers/batch", "{}");
        assertThat(frontend.status()).isEqualTo(403);
        assertThat(BACKEND_AUTHORIZATION).hasSize(callsBefore);

        ApiResponse integrator = ApiClient.of("http://localhost:" + port)
                .withToken(TestTokens.withScopes("crm.write", "crm.integration"))
                .post("/api/customers/batch", "{}");
        assertThat(integrator.status()).isEqualTo(200);
    }

    @Test
    void importJobsGoToCustomerServiceWithTheIntegrationScopeAndTheirFilesStreamPastTheBodyLimit() {
        ApiResponse frontend = ApiClient.of("http://localhost:" + port)
                .withToken(TestTokens.withScopes("crm.read", "crm.write"))
                .post("/api/imports", "{}");
        assertThat(frontend.status()).isEqualTo(403);

        ApiClient integrator = ApiClient.of("http://localhost:" + port)
                .withToken(TestTokens.withScopes("crm.read", "crm.write", "crm.integration"));
        assertThat(integrator.post("/api/imports", "{}").body()).isEqualTo("{\"path\":\"/api/imports\",\"bytes\":2}");
        assertThat(integrator.get("/api/imports/7").body()).isEqualTo("{\"path\":\"/api/imports/7\"}");
        String file = "x".repeat(6 * 1024 * 1024);
        ApiResponse upload = integrator.send("PUT", "/api/imports/7/data", file, "text/csv");
        assertThat(upload.status())
                .as("over the 4 MB body limit of other calls")
                .isEqualTo(200);
        assertThat(upload.body()).isEqualTo("{\"path\":\"/api/imports/7/data\",\"bytes\":" + file.length() + "}");
        assertThat(integrator
                        .send("PUT", "/api/customers/7", file, "application/json")
                        .status())
                .isEqualTo(413);
    }

    @Test
    void interactionImportJobsGoToInteractionServiceWithTheIntegrationScopeAndTheirFilesStreamPastTheBodyLimit() {
        ApiResponse frontend = ApiClient.of("http://localhost:" + port)
                .withToken(TestTokens.withScopes("crm.read", "crm.write"))
                .post("/api/interactions/imports", "{}");
        assertThat(frontend.status()).isEqualTo(403);
        ApiResponse reader = ApiClient.of("http://localhost:" + port)
                .withToken(TestTokens.withScopes("crm.read"))
                .get("/api/interactions/imports/7");
        assertThat(reader.status()).isEqualTo(403);

        ApiClient integrator = ApiClient.of("http://localhost:" + port)
                .withToken(TestTokens.withScopes("crm.read", "crm.write", "crm.integration"));
        assertThat(integrator.post("/api/interactions/imports", "{}").body())
                .isEqualTo("{\"service\":\"interaction-service\",\"path\":\"/api/interactions/imports\"}");
        String file = "x".repeat(6 * 1024 * 1024);
        ApiResponse upload = integrator.send("PUT", "/api/interactions/imports/7/data", file, "text/csv");
        assertThat(upload.status())
                .as("over the 4 MB body limit of other calls")
                .isEqualTo(200);
        assertThat(upload.body())
                .isEqualTo("{\"service\":\"interaction-service\",\"path\":\"/api/interactions/imports/7/data\"}");
    }

    @Test
    void customerSearchIsAReadThoughItIsAPost() {
        ApiResponse reader = ApiClient.of("http://localhost:" + port)
                .withToken(TestTokens.withScopes("crm.read"))
                .post("/api/customers/search", "{}");
        assertThat(reader.status()).isEqualTo(200);
        assertThat(reader.json().get("path").asString()).isEqualTo("/api/customers/search");

        int callsBefore = BACKEND_AUTHORIZATION.size();
        ApiResponse writeOnly = ApiClient.of("http://localhost:" + port)
                .withToken(TestTokens.withScopes("crm.write"))
                .post("/api/customers/search", "{}");
        assertThat(writeOnly.status()).isEqualTo(403);
        assertThat(BACKEND_AUTHORIZATION).hasSize(callsBefore);
    }

    @Test
    void agentMatchingIsAReadThoughItIsAPost() {
        ApiResponse reader = ApiClient.of("http://localhost:" + port)
                .withToken(TestTokens.withScopes("crm.read"))
                .post("/api/agents/match", "{}");
        assertThat(reader.status()).isEqualTo(200);
        assertThat(reader.json().get("service").asString()).isEqualTo("interaction-service");
        assertThat(ApiClient.of("http://localhost:" + port)
                        .withToken(TestTokens.withScopes("crm.write"))
                        .post("/api/agents/match", "{}")
                        .status())
                .isEqualTo(403);
    }

    @Test
    void servesOneSwaggerUiListingCustomerServiceOpenApi() {
        ApiClient gateway = ApiClient.of("http://localhost:" + port);
        ApiResponse docs = gateway.get("/api-docs/customer-service");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body()).contains("\"openapi\"");

        ApiResponse config = gateway.get("/v3/api-docs/swagger-config");
        assertThat(config.status()).isEqualTo(200);
        assertThat(config.body()).contains("/api-docs/customer-service");
        assertThat(gateway.get("/swagger-ui/index.html").status()).isEqualTo(200);
    }

    private static HttpServer backend(String service) {
        return StubBackend.start(exchange -> {
            String path = exchange.getRequestURI().getPath();
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth != null) {
                BACKEND_AUTHORIZATION.add(auth);
            }
            String requestId = exchange.getRequestHeaders().getFirst("X-Request-Id");
            if (requestId != null) {
                BACKEND_REQUEST_IDS.add(requestId);
                exchange.getResponseHeaders().add("X-Request-Id", requestId);
            }
            long received = exchange.getRequestBody().readAllBytes().length;
            byte[] body = (path.equals("/v3/api-docs")
                            ? "{\"openapi\":\"3.1.0\"}"
                            : service == null
                                    ? "{\"path\":\"" + path + "\"" + (received > 0 ? ",\"bytes\":" + received : "")
                                            + "}"
                                    : "{\"service\":\"" + service + "\",\"path\":\"" + path + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            StubBackend.json(exchange, 200, body);
        });
    }
}
