package com.crm.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.TestTokens;
import com.crm.test.TestTokensInitializer;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import redis.embedded.RedisServer;

/**
 * Two gateway replicas sharing one real Redis count one client's requests together: the client's quota is spent
 * across both, not once per replica; and when Redis goes away the gateways let requests through rather than fail.
 */
class SharedRateLimitTest {

    private static RedisServer redis;
    private static int redisPort;
    private static HttpServer backend;
    private static final List<ConfigurableApplicationContext> REPLICAS = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        redisPort = freePort();
        redis = RedisServer.newRedisServer()
                .port(redisPort)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                .build();
        redis.start();
        backend = backend();
        for (int i = 0; i < 2; i++) {
            REPLICAS.add(replica());
        }
    }

    @AfterAll
    static void stop() throws IOException {
        REPLICAS.forEach(ConfigurableApplicationContext::close);
        backend.stop(0);
        if (redis.isActive()) {
            redis.stop();
        }
    }

    @Test
    void aReplicaStartsAndServesWhileRedisIsUnreachable() throws IOException {
        int nobody = freePort();
        try (ConfigurableApplicationContext alone = new SpringApplicationBuilder(GatewayApplication.class)
                .initializers(new TestTokensInitializer())
                .run(
                        "--server.port=0",
                        "--crm.gateway.customer-service-uri=http://localhost:"
                                + backend.getAddress().getPort(),
                        "--crm.gateway.rate-limit.store=redis",
                        "--crm.gateway.rate-limit.redis.url=redis://127.0.0.1:" + nobody,
                        "--crm.gateway.rate-limit.clients.test-client.capacity=1")) {
            ApiClient gateway = ApiClient.of(url(alone)).withToken(TestTokens.withScopes("crm.read"));
            for (int i = 0; i < 3; i++) {
                assertThat(gateway.get("/api/customers/1").status())
                        .as("no store: not limited")
                        .isEqualTo(200);
            }
        }
    }

    @Test
    void aClientsQuotaIsSharedByEveryReplicaAndRedisOutagesLetRequestsThrough() throws IOException {
        String token = TestTokens.withScopes("crm.read");
        ApiClient first = ApiClient.of(url(REPLICAS.get(0))).withToken(token);
        ApiClient second = ApiClient.of(url(REPLICAS.get(1))).withToken(token);

        assertThat(first.get("/api/customers/1").header("X-RateLimit-Remaining"))
                .isEqualTo("3");
        assertThat(second.get("/api/customers/1").header("X-RateLimit-Remaining"))
                .isEqualTo("2");
        assertThat(first.get("/api/customers/1").header("X-RateLimit-Remaining"))
                .isEqualTo("1");
        assertThat(second.get("/api/customers/1").header("X-RateLimit-Remaining"))
                .isEqualTo("0");

        ApiResponse limited = first.get("/api/customers/1");
        assertThat(limited.status())
                .as("the quota was spent on the other replica too")
                .isEqualTo(429);
        assertThat(limited.contentType()).startsWith("application/problem+json");
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 60);
        assertThat(second.get("/api/customers/1").status()).isEqualTo(429);

        redis.stop();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(first.get("/api/customers/1").status()).isEqualTo(200);
            assertThat(second.get("/api/customers/1").status()).isEqualTo(200);
        });
    }

    private static ConfigurableApplicationContext replica() {
        return new SpringApplicationBuilder(GatewayApplication.class)
                .initializers(new TestTokensInitializer())
                // arguments, so they win over application.yml as they would on a command line
                .run(
                        "--server.port=0",
                        "--crm.gateway.customer-service-uri=http://localhost:"
                                + backend.getAddress().getPort(),
                        "--crm.gateway.rate-limit.store=redis",
                        "--crm.gateway.rate-limit.redis.url=redis://127.0.0.1:" + redisPort,
                        // generous: a busy test machine must not turn a slow answer into a pass-through
                        "--crm.gateway.rate-limit.redis.timeout=5s",
                        "--crm.gateway.rate-limit.defaults.capacity=1000",
                        // one token a minute after the burst: nothing refills during the test
                        "--crm.gateway.rate-limit.clients.test-client.capacity=4",
                        "--crm.gateway.rate-limit.clients.test-client.period=4m");
    }

    private static String url(ConfigurableApplicationContext context) {
        return "http://localhost:"
                + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static HttpServer backend() throws IOException {
        return StubBackend.start(exchange -> {
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            StubBackend.json(exchange, 200, body);
        });
    }
}
