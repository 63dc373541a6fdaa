package com.crm.loyalty;

import com.crm.test.ApiClient;
import com.crm.test.CrmServiceTest;
import com.crm.test.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** loyalty-service on real PostgreSQL and Kafka; integration tests extend this and share one Spring context. */
@CrmServiceTest
public abstract class LoyaltyIntegrationTest {

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    protected ApiClient anonymous;
    protected ApiClient reader;
    protected ApiClient writer;
    protected ApiClient admin;

    @BeforeEach
    void clients() {
        anonymous = ApiClient.of("http://localhost:" + port);
        reader = anonymous.withToken(TestTokens.withScopes("crm.read"));
        writer = anonymous.withToken(TestTokens.withScopes("crm.read", "crm.write"));
        admin = anonymous.withToken(TestTokens.withScopes("crm.admin"));
    }
}
