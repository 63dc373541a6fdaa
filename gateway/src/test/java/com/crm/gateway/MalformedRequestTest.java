package com.crm.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.test.ApiClient;
import com.crm.test.TestTokens;
import com.crm.test.TestTokensInitializer;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Requests Tomcat refuses before any filter runs, or that cannot be forwarded as they are, get the API's
 * problem+json 400 (414 for a target over {@code crm.http.max-uri-length}): never Tomcat's HTML page, never a 5xx,
 * and the service is not called.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestTokensInitializer.class)
class MalformedRequestTest {

    private static final AtomicInteger BACKEND_CALLS = new AtomicInteger();
    private static final HttpServer BACKEND = backend();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) {
        String uri = "http://localhost:" + BACKEND.getAddress().getPort();
        registry.add("crm.gateway.interaction-service-uri", () -> uri);
        registry.add("crm.gateway.webhook-service-uri", () -> uri);
        registry.add("crm.gateway.customer-service-uri", () -> uri);
    }

    @AfterAll
    static void stopBackend() {
        BACKEND.stop(0);
    }

    @Test
    void invalidUtf8InThePathIsAProblem400() throws IOException {
        assertProblem400(raw("GET /api/contact-policies/%C3%28%FF HTTP/1.1"));
    }

    @Test
    void anEncodedBackslashInThePathIsAProblem400() throws IOException {
        assertProblem400(raw("GET /api/contact-policies/a%5Cb HTTP/1.1"));
    }

    @Test
    void aRequestLineOverTomcatsLimitIsAProblem400() throws IOException {
        assertProblem400(raw("GET /api/customers?name=" + "x".repeat(70_000) + " HTTP/1.1"));
    }

    @Test
    void aTargetOverTheUriLimitIsAProblem414AndTheBodyIsNotForwarded() throws IOException {
        int before = BACKEND_CALLS.get();
        String body = "{\"name\":\"x\"}";
        String answer = raw(
                "PUT /api/contact-policies/" + "x".repeat(20_000) + " HTTP/1.1",
                "Content-Type: application/json",
                "Content-Length: " + body.length(),
                "",
                body);
        assertThat(answer).startsWith("HTTP/1.1 414");
        assertThat(answer.toLowerCase()).contains("content-type: application/problem+json");
        assertThat(answer).contains("\"status\":414").contains("urn:crm:problem:malformed-request");
        assertThat(BACKEND_CALLS.get()).isEqualTo(before);
    }

    @Test
    void aTargetJustUnderTheUriLimitIsForwarded() throws IOException {
        int before = BACKEND_CALLS.get();
        String answer = raw("GET /api/customers?name=" + "x".repeat(8_000) + " HTTP/1.1");
        assertThat(answer).startsWith("HTTP/1.1 200");
        assertThat(BACKEND_CALLS.get()).isEqualTo(before + 1);
    }

    @Test
    void invalidUtf8InTheQueryIsAProblem400NotAnUnreachableService() throws IOException {
        int before = BACKEND_CALLS.get();
        String answer = raw(
                "POST /api/webhooks/dead-letters/replay?limit=5&subscriptionId=%C3%28%FF HTTP/1.1",
                "Content-Type: application/json", "Content-Length: 2", "", "{}");
        assertProblem400(answer);
        assertThat(answer)
                .as("the parameter at fault is named, the good one is not")
                .contains("\"errors\":[{\"field\":\"subscriptionId\",\"code\":\"invalid-encoding\"")
                .doesNotContain("\"field\":\"limit\"");
        assertThat(BACKEND_CALLS.get()).isEqualTo(before);
    }

    @Test
    void theContainersErrorPathIsNoResource() {
        var anonymous = ApiClient.of("http://localhost:" + port).get("/error");
        assertThat(anonymous.status()).isEqualTo(404);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");
        var withToken = ApiClient.of("http://localhost:" + port)
                .withToken(TestTokens.withScopes("crm.read"))
                .get("/error");
        assertThat(withToken.status()).isEqualTo(404);
    }

    private static void assertProblem400(String answer) {
        assertThat(answer).startsWith("HTTP/1.1 400");
        assertThat(answer.toLowerCase()).contains("content-type: application/problem+json");
        assertThat(answer).contains("\"status\":400").doesNotContain("<html").doesNotContain("Tomcat");
    }

    /** Sends the request line (and optional headers/body lines) exactly as given: no client would send them. */
    private String raw(String requestLine, String... more) throws IOException {
        StringBuilder request = new StringBuilder(requestLine)
                .append("\r\nHost: localhost\r\nAuthorization: Bearer ")
                .append(TestTokens.withScopes("crm.read", "crm.write", "crm.admin", "crm.integration"))
                .append("\r\nConnection: close\r\n");
        if (more.length == 0) {
            request.append("\r\n");
        }
        for (String line : more) {
            request.append(line).append("\r\n");
        }
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static HttpServer backend() {
        return StubBackend.start(exchange -> {
            BACKEND_CALLS.incrementAndGet();
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            StubBackend.json(exchange, 200, body);
        });
    }
}
