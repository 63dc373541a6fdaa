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

/** The gateway's feedback-service routes, in front of a real HTTP backend standing in for it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestTokensInitializer.class)
class GatewayFeedbackRoutingTest {

    private static final List<String> PATHS = new CopyOnWriteArrayList<>();
    private static final HttpServer FEEDBACK = backend();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void routeToBackend(DynamicPropertyRegistry registry) {
        registry.add(
                "crm.gateway.feedback-service-uri",
                () -> "http://localhost:" + FEEDBACK.getAddress().getPort());
    }

    @AfterAll
    static void stopBackend() {
        FEEDBACK.stop(0);
    }

    @Test
    void routesFeedbackPathsToFeedbackService() {
        ApiClient gateway = ApiClient.of("http://localhost:" + port).withToken(TestTokens.withScopes("crm.read"));
        for (String path : List.of(
                "/api/surveys",
                "/api/surveys/1/invitations",
                "/api/invitations/2",
                "/api/invitation-rules",
                "/api/complaints/3",
                "/api/analytics/satisfaction",
                "/api/analytics/complaints",
                "/api/analytics/retention",
                "/api/survey-responses/4")) {
            assertThat(gateway.get(path).body())
                    .as(path)
                    .isEqualTo("{\"service\":\"feedback-service\",\"path\":\"" + path + "\"}");
        }
        ApiClient anonymous = ApiClient.of("http://localhost:" + port);
        assertThat(anonymous.get("/api-docs/feedback-service").body()).contains("\"openapi\"");
        assertThat(anonymous.get("/v3/api-docs/swagger-config").body()).contains("/api-docs/feedback-service");
    }

    @Test
    void letsTheSurveyAnswerLinkThroughWithoutATokenButNothingElse() {
        ApiClient anonymous = ApiClient.of("http://localhost:" + port);

        ApiResponse answer = anonymous.post("/api/public/survey-answers", "{\"token\":\"t\",\"answers\":{}}");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("/api/public/survey-answers");

        int before = PATHS.size();
        assertThat(anonymous.get("/api/complaints/3").status()).isEqualTo(401);
        assertThat(anonymous.get("/api/survey-responses/4").status()).isEqualTo(401);
        assertThat(anonymous.post("/api/surveys", "{}").status()).isEqualTo(401);
        assertThat(PATHS).hasSize(before);
    }

    private static HttpServer backend() {
        return StubBackend.start(exchange -> {
            String path = exchange.getRequestURI().getPath();
            PATHS.add(path);
            byte[] body = (path.equals("/v3/api-docs")
                            ? "{\"openapi\":\"3.1.0\"}"
                            : "{\"service\":\"feedback-service\",\"path\":\"" + path + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            StubBackend.json(exchange, 200, body);
        });
    }
}
