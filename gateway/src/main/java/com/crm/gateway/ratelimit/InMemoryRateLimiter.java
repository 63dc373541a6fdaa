package com.crm.gateway.ratelimit;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Token buckets in this JVM, one per client, refilled continuously. With N replicas behind a load balancer each
 * replica counts on its own, so a client may get up to N times its limit: see gateway/README.md.
 */
public class InMemoryRateLimiter implements RateLimiter {

    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;

    public InMemoryRateLimiter() {
        this(System::nanoTime);
    }

    InMemoryRateLimiter(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    @Override
    public Decision tryConsume(String clientId, RateLimitProperties.Limit limit) {
        long capacity = Math.max(1, limit.getCapacity());
        long periodNanos = Math.max(1, limit.getPeriod().toNanos());
        Bucket bucket = buckets.computeIfAbsent(clientId, id -> new Bucket(capacity, nanoClock.getAsLong()));
        synchronized (bucket) {
            long now = nanoClock.getAsLong();
            double nanosPerToken = (double) periodNanos / capacity;
            bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.updated) / nanosPerToken);
            bucket.updated = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return new Decision(true, capacity, (long) Math.floor(bucket.tokens), Duration.ZERO);
            }
            long wait = (long) Math.ceil((1 - bucket.tokens) * nanosPerToken);
            return new Decision(false, capacity, 0, Duration.ofNanos(wait));
        }
    }

    private static final class Bucket {
        double tokens;
        long updated;

        Bucket(long tokens, long updated) {
            this.tokens = tokens;
            this.updated = updated;
        }
    }
}
