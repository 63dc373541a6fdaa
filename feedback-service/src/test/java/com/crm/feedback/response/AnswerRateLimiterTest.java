package com.crm.feedback.response;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.feedback.FeedbackProperties;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class AnswerRateLimiterTest {

    private static AnswerRateLimiter limiter(int maxClients) {
        var limit = new FeedbackProperties.RateLimit(2, Duration.ofMinutes(1), maxClients, null);
        return new AnswerRateLimiter(new FeedbackProperties(null, null, null, null, null, null, limit));
    }

    private static MockHttpServletRequest from(String peer, String... forwardedFor) {
        var request = new MockHttpServletRequest("POST", "/api/public/survey-answers");
        request.setRemoteAddr(peer);
        for (String header : forwardedFor) {
            request.addHeader("X-Forwarded-For", header);
        }
        return request;
    }

    @Test
    void forwardedForIsReadOnlyFromTrustedProxiesAndFromTheRight() {
        AnswerRateLimiter limiter = limiter(100);
        assertThat(limiter.clientAddress(from("203.0.113.9", "1.1.1.1")))
                .as("a client on the internet cannot name another address")
                .isEqualTo("203.0.113.9");
        assertThat(limiter.clientAddress(from("10.0.0.5", "1.1.1.1, 198.51.100.7")))
                .as("the gateway appended the real peer; what the client sent before it is ignored")
                .isEqualTo("198.51.100.7");
        assertThat(limiter.clientAddress(from("10.0.0.5", "1.1.1.1", "198.51.100.7, 192.168.1.20")))
                .as("trusted proxies in the chain are skipped")
                .isEqualTo("198.51.100.7");
        assertThat(limiter.clientAddress(from("127.0.0.1"))).isEqualTo("127.0.0.1");
    }

    @Test
    void limitsPerAddressInABoundedStore() {
        AnswerRateLimiter limiter = limiter(50);
        assertThat(limiter.tryAcquire("198.51.100.1")).isTrue();
        assertThat(limiter.tryAcquire("198.51.100.1")).isTrue();
        assertThat(limiter.tryAcquire("198.51.100.1")).isFalse();
        assertThat(limiter.tryAcquire("198.51.100.2")).isTrue();
        for (int i = 0; i < 5_000; i++) {
            limiter.tryAcquire("10.1." + (i / 256) + "." + (i % 256));
        }
        assertThat(limiter.trackedClients()).isLessThanOrEqualTo(50);
    }
}
