package com.crm.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FeedbackServiceStartupIntegrationTest extends FeedbackIntegrationTest {

    @Test
    void startsWithItsSchemaAndRefusesCallsWithoutAToken() {
        assertThat(anonymous.get("/v3/api-docs").status()).isEqualTo(200);
        var refused = anonymous.get("/api/surveys");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(agent.get("/api/surveys").status()).isEqualTo(200);
    }
}
