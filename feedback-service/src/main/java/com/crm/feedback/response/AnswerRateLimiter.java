package com.crm.feedback.response;

import com.crm.feedback.FeedbackProperties;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** Resilience4j rate limiters per client address for the public answer endpoint (guessing tokens costs time). */
@Component
class AnswerRateLimiter {

    private final RateLimiterRegistry registry;
    private final Duration period;

    AnswerRateLimiter(FeedbackProperties properties) {
        this.period = properties.answerRateLimit().period();
        this.registry = RateLimiterRegistry.of(RateLimiterConfig.custom()
                .limitForPeriod(properties.answerRateLimit().limitForPeriod())
                .limitRefreshPeriod(period)
                .timeoutDuration(Duration.ZERO)
                .build());
    }

    /** @return true when the caller may go on */
    boolean tryAcquire(String client) {
        RateLimiter limiter = registry.rateLimiter("answer:" + client);
        return limiter.acquirePermission();
    }

    long retryAfterSeconds() {
        return Math.max(1, period.toSeconds());
    }
}
