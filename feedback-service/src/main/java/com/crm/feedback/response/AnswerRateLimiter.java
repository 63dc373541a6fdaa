package com.crm.feedback.response;

import com.crm.feedback.FeedbackProperties;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Resilience4j rate limiters per client address for the public answer endpoint (guessing tokens costs time). The
 * address is the real client's behind the gateway: {@code X-Forwarded-For} is read only when the direct peer is a
 * trusted proxy ({@code crm.feedback.answer-rate-limit.trusted-proxies}), from the right, skipping trusted proxies.
 * The limiters live in a bounded store ({@code max-clients}, least recently used forgotten first; an idle one expires
 * after a few periods), so a flood of addresses cannot exhaust memory.
 */
@Component
class AnswerRateLimiter {

    static final String FORWARDED_FOR = "X-Forwarded-For";

    private final RateLimiterConfig config;
    private final Cache<String, RateLimiter> limiters;
    private final Duration period;
    private final Pattern trustedProxies;

    AnswerRateLimiter(FeedbackProperties properties) {
        FeedbackProperties.RateLimit limit = properties.answerRateLimit();
        this.period = limit.period();
        this.config = RateLimiterConfig.custom()
                .limitForPeriod(limit.limitForPeriod())
                .limitRefreshPeriod(period)
                .timeoutDuration(Duration.ZERO)
                .build();
        this.limiters = Caffeine.newBuilder()
                .maximumSize(limit.maxClients())
                .expireAfterAccess(period.multipliedBy(3).plusSeconds(60))
                .build();
        this.trustedProxies = Pattern.compile(limit.trustedProxies());
    }

    /** @return true when the caller may go on */
    boolean tryAcquire(HttpServletRequest request) {
        return tryAcquire(clientAddress(request));
    }

    boolean tryAcquire(String client) {
        return limiters.get(client, key -> RateLimiter.of("answer:" + key, config))
                .acquirePermission();
    }

    /** The client's address: the peer, or behind trusted proxies the rightmost untrusted forwarded address. */
    String clientAddress(HttpServletRequest request) {
        String address = request.getRemoteAddr();
        if (!trusted(address)) {
            return address;
        }
        var forwarded = request.getHeaders(FORWARDED_FOR);
        List<String> hops = new ArrayList<>();
        while (forwarded != null && forwarded.hasMoreElements()) {
            for (String hop : forwarded.nextElement().split(",")) {
                if (!hop.isBlank()) {
                    hops.add(hop.trim());
                }
            }
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            address = hops.get(i);
            if (!trusted(address)) {
                return address;
            }
        }
        return address;
    }

    long trackedClients() {
        limiters.cleanUp();
        return limiters.estimatedSize();
    }

    private boolean trusted(String address) {
        return address != null && trustedProxies.matcher(address).matches();
    }

    long retryAfterSeconds() {
        return Math.max(1, period.toSeconds());
    }
}
