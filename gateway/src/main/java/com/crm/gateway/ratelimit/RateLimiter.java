package com.crm.gateway.ratelimit;

import java.time.Duration;

/**
 * Where the buckets live. {@link InMemoryRateLimiter} keeps them in this gateway replica; a shared store (Redis,
 * PostgreSQL) is another implementation of this interface, declared as a bean to replace the in-memory one.
 */
public interface RateLimiter {

    /** Takes one request from the client's bucket, if it holds one. */
    Decision tryConsume(String clientId, RateLimitProperties.Limit limit);

    /** The outcome: allowed or not, what is left, and (when refused) when the next request will be allowed. */
    record Decision(boolean allowed, long limit, long remaining, Duration retryAfter) {}
}
