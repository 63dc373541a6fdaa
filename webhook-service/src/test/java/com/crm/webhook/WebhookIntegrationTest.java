package com.crm.webhook;

import com.crm.test.ApiClient;
import com.crm.test.CrmServiceTest;
import com.crm.test.TestTokens;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * webhook-service on real PostgreSQL and Kafka with fast retries; the loopback address 127.0.0.1 is allowed (the
 * test receivers listen there), everything else must be public https. Integration tests extend this and share one
 * Spring context; each starts without subscriptions, so other tests' events reach no receiver of its own. Names
 * under {@code .test} resolve as {@link TestDns} says.
 */
@CrmServiceTest(
        properties = {
            "crm.webhook.secret-key=test-only-secret-key-0123456789",
            "crm.webhook.development-keyset=true",
            // *.test names resolve through TestDns; pinned.test is named, so it may be internal
            "crm.webhook.allowed-targets=https://*,http://127.0.0.1,http://*.test,http://pinned.test",
            "crm.webhook.base-delay=PT0.05S",
            "crm.webhook.max-delay=PT0.2S",
            "crm.webhook.poll-interval=PT0.05S",
            "crm.webhook.retry-horizon=PT1H",
            // small quotas, to see them at work
            "crm.webhook.max-subscriptions-per-client=5",
            "crm.webhook.max-concurrent-sends=16",
            "crm.webhook.max-concurrent-sends-per-client=4",
            "crm.webhook.retention.dead=P1D",
            "crm.webhook.retention.paused=P2D",
            "crm.webhook.retention.batch-size=2"
        })
@Import(TestDns.Config.class)
public abstract class WebhookIntegrationTest {

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    protected ApiClient anonymous;
    protected ApiClient integrator;
    protected ApiClient admin;
    protected ApiClient agent;

    @BeforeEach
    void clients() {
        jdbc.sql("delete from webhook_subscription").update();
        anonymous = ApiClient.of("http://localhost:" + port);
        integrator = anonymous.withToken(TestTokens.withScopes("crm.read", "crm.write", "crm.integration"));
        admin = anonymous.withToken(TestTokens.withScopes("crm.admin"));
        agent = anonymous.withToken(TestTokens.withScopes("crm.read", "crm.write"));
    }

    @AfterEach
    void noMoreDeliveries() {
        jdbc.sql("delete from webhook_subscription").update();
    }

    /** Subscribes the URL to the types with this secret; returns the subscription id. */
    protected String subscribe(String url, String secret, String... types) {
        var created = integrator.post("/api/webhooks/subscriptions", """
                {"targetUrl":"%s","eventTypes":[%s],"secret":"%s"}""".formatted(
                url,
                String.join(",", Arrays.stream(types).map(t -> "\"" + t + "\"").toList()),
                secret));
        if (created.status() != 201) {
            throw new AssertionError("subscription refused: " + created);
        }
        return created.json().get("id").asString();
    }
}
