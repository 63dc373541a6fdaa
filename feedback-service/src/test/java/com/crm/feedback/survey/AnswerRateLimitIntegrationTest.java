package com.crm.feedback.survey;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.feedback.FeedbackIntegrationTest;
import com.crm.test.ApiClient.ApiResponse;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** Its own context: three answers per address and minute. */
@TestPropertySource(
        properties = {"crm.feedback.answer-rate-limit.limit-for-period=3", "crm.feedback.answer-rate-limit.period=PT1M"
        })
class AnswerRateLimitIntegrationTest extends FeedbackIntegrationTest {

    @Test
    void thePublicAnswerEndpointAnswers429WithRetryAfterWhenAnAddressGuessesTooOften() {
        String guess = "{\"token\":\"guessed\",\"answers\":{\"nps\":10}}";
        for (int i = 0; i < 3; i++) {
            assertThat(anonymous.post("/api/public/survey-answers", guess).status())
                    .isEqualTo(404);
        }
        ApiResponse limited = anonymous.post("/api/public/survey-answers", guess);

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isEqualTo("60");
        assertThat(limited.contentType()).startsWith("application/problem+json");
        assertThat(limited.json().get("type").asString()).isEqualTo("urn:crm:problem:rate-limited");
    }

    @Test
    void behindTheGatewayEachClientAddressHasItsOwnLimit() {
        String guess = "{\"token\":\"guessed\",\"answers\":{\"nps\":10}}";
        // the test calls from loopback, a trusted proxy: its X-Forwarded-For names the client
        var first = anonymous.withHeader("X-Forwarded-For", "198.51.100.1");
        var second = anonymous.withHeader("X-Forwarded-For", "203.0.113.77, 198.51.100.2");
        for (int i = 0; i < 3; i++) {
            assertThat(first.post("/api/public/survey-answers", guess).status()).isEqualTo(404);
        }
        assertThat(first.post("/api/public/survey-answers", guess).status()).isEqualTo(429);
        assertThat(second.post("/api/public/survey-answers", guess).status())
                .as("another client behind the same gateway is not limited by the first")
                .isEqualTo(404);
    }
}
