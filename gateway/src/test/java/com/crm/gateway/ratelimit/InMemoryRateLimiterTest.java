package com.crm.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InMemoryRateLimiterTest {

    private final AtomicLong now = new AtomicLong();
    private final InMemoryRateLimiter limiter = new InMemoryRateLimiter(now::get);

    @Test
    void refusesTheRequestBeyondCapacityAndSaysWhenTheNextOneIsAllowed() {
        RateLimitProperties.Limit limit = limit(2, Duration.ofSeconds(10));
        assertThat(limiter.tryConsume("a", limit).remaining()).isEqualTo(1);
        assertThat(limiter.tryConsume("a", limit).remaining()).isEqualTo(0);

        RateLimiter.Decision refused = limiter.tryConsume("a", limit);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(5));

        now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(limiter.tryConsume("a", limit).allowed()).isTrue();
    }

    @Test
    void countsEachClientOnItsOwn() {
        RateLimitProperties.Limit limit = limit(1, Duration.ofMinutes(1));
        assertThat(limiter.tryConsume("a", limit).allowed()).isTrue();
        assertThat(limiter.tryConsume("a", limit).allowed()).isFalse();
        assertThat(limiter.tryConsume("b", limit).allowed()).isTrue();
    }

    @Test
    void neverHoldsMoreThanItsCapacityAfterALongIdle() {
        RateLimitProperties.Limit limit = limit(3, Duration.ofSeconds(3));
        limiter.tryConsume("a", limit);
        now.addAndGet(Duration.ofHours(1).toNanos());
        assertThat(limiter.tryConsume("a", limit).remaining()).isEqualTo(2);
    }

    private static RateLimitProperties.Limit limit(long capacity, Duration period) {
        RateLimitProperties.Limit limit = new RateLimitProperties.Limit();
        limit.setCapacity(capacity);
        limit.setPeriod(period);
        return limit;
    }
}
