package com.crm.feedback;

import com.crm.test.ApiClient;
import com.crm.test.CrmServiceTest;
import com.crm.test.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * feedback-service on real PostgreSQL and Kafka, with {@link InteractionServiceStub} as interaction-service and token
 * issuer; fast schedules. Every integration test extends this, so they share one Spring context.
 */
@CrmServiceTest(
        properties = {
            "crm.feedback.dispatch-interval=PT0.2S",
            "crm.feedback.defer-delay=PT0.5S",
            "crm.feedback.sla-check-interval=PT0.2S",
            "crm.feedback.answer-rate-limit.limit-for-period=1000",
            "crm.feedback.complaint-sla.CRITICAL=PT1S",
            "resilience4j.circuitbreaker.instances.contact-check.wait-duration-in-open-state=1s",
            "resilience4j.retry.instances.contact-check.wait-duration=50ms",
            "resilience4j.timelimiter.instances.contact-check.timeout-duration=1s"
        })
public abstract class FeedbackIntegrationTest {

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @Value("${spring.kafka.bootstrap-servers}")
    protected String kafka;

    protected ApiClient anonymous;
    protected ApiClient agent;
    protected ApiClient admin;
    /** Survey configuration needs crm.config (or crm.admin). */
    protected ApiClient configurer;

    @DynamicPropertySource
    static void interactionService(DynamicPropertyRegistry registry) {
        InteractionServiceStub stub = InteractionServiceStub.get();
        registry.add("crm.feedback.interaction-service-uri", stub::baseUrl);
        registry.add("spring.security.oauth2.client.provider.crm.token-uri", () -> stub.baseUrl() + "/oauth2/token");
    }

    @BeforeEach
    void clients() {
        InteractionServiceStub.get().start();
        anonymous = ApiClient.of("http://localhost:" + port);
        agent = anonymous.withToken(TestTokens.withScopes("crm.read", "crm.write"));
        admin = anonymous.withToken(TestTokens.withScopes("crm.read", "crm.write", "crm.admin"));
        configurer = anonymous.withToken(TestTokens.withScopes("crm.read", "crm.write", "crm.config"));
    }
}
