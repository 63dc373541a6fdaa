package com.crm.gateway.ratelimit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token buckets in Redis, shared by every gateway replica: one hash per client, updated by one Lua script so that
 * reading, refilling and taking a token is atomic across replicas, and timed by the Redis server's clock so replicas'
 * clocks need not agree. When Redis cannot be reached the request is let through (a limiter outage must not become
 * an API outage) and the failure is logged and counted.
 */
public class RedisRateLimiter implements RateLimiter {

    private static final Logger log = LoggerFactory.getLogger(RedisRateLimiter.class);

    /**
     * KEYS[1] the client's bucket; ARGV[1] capacity, ARGV[2] period in microseconds. Returns {allowed 0|1, whole
     * tokens left, microseconds until the next token when refused}. The key expires once a full bucket would
     * have refilled, so idle clients cost nothing.
     */
    static final String SCRIPT = """
            local capacity = tonumber(ARGV[1])
            local period = tonumber(ARGV[2])
            local clock = redis.call('TIME')
            local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
            local state = redis.call('HMGET', KEYS[1], 'tokens', 'updated')
            local tokens = tonumber(state[1])
            local updated = tonumber(state[2])
            if tokens == nil or updated == nil then
              tokens = capacity
              updated = now
            end
            local perToken = period / capacity
            tokens = math.min(capacity, tokens + math.max(0, now - updated) / perToken)
            local allowed = 0
            local wait = 0
            if tokens >= 1 then
              tokens = tokens - 1
              allowed = 1
            else
              wait = math.ceil((1 - tokens) * perToken)
            end
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'updated', tostring(now))
            redis.call('PEXPIRE', KEYS[1], math.ceil(period / 1000) + 1000)
            return {allowed, math.floor(tokens), wait}
            """;

    /** After a failed connection attempt, requests pass unlimited for this long before the next attempt. */
    private static final long RECONNECT_PAUSE_NANOS = Duration.ofSeconds(1).toNanos();

    private final RedisClient client;
    private final String keyPrefix;
    private final AtomicLong failures = new AtomicLong();
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile long nextConnectAttempt = System.nanoTime();
    private volatile String scriptSha;
    private final ReentrantLock connecting = new ReentrantLock();

    /** Connects on first use, so a gateway starts (and serves, unlimited) while Redis is unreachable. */
    public RedisRateLimiter(RedisClient client, String keyPrefix) {
        this.client = client;
        this.keyPrefix = keyPrefix;
    }

    @Override
    public Decision tryConsume(String clientId, RateLimitProperties.Limit limit) {
        long capacity = Math.max(1, limit.getCapacity());
        long periodMicros = Math.max(1, limit.getPeriod().toNanos() / 1_000);
        String[] keys = {keyPrefix + clientId};
        try {
            List<Long> result = run(keys, Long.toString(capacity), Long.toString(periodMicros));
            boolean allowed = result.get(0) == 1L;
            return new Decision(allowed, capacity, result.get(1), Duration.ofNanos(result.get(2) * 1_000));
        } catch (RedisException e) {
            long count = failures.incrementAndGet();
            // once per 100 failures: an outage must not flood the log
            if (count % 100 == 1) {
                log.warn(
                        "Rate-limit store unreachable ({} failures so far); letting requests through: {}",
                        count,
                        e.getMessage());
            }
            return new Decision(true, capacity, capacity, Duration.ZERO);
        }
    }

    /** Requests let through unlimited because Redis failed (exported as a gauge). */
    public long storeFailures() {
        return failures.get();
    }

    /** Closes the connection, if one was made. */
    public void close() {
        StatefulRedisConnection<String, String> open = connection;
        if (open != null) {
            open.close();
        }
    }

    private RedisCommands<String, String> redis() {
        StatefulRedisConnection<String, String> open = connection;
        if (open != null) {
            return open.sync(); // Lettuce reconnects an established connection by itself
        }
        // one thread connects; the others pass unlimited meanwhile rather than wait for it
        if (System.nanoTime() - nextConnectAttempt < 0 || !connecting.tryLock()) {
            throw new RedisException("rate-limit store not connected");
        }
        try {
            if (connection == null) {
                try {
                    connection = client.connect();
                } catch (RedisException e) {
                    nextConnectAttempt = System.nanoTime() + RECONNECT_PAUSE_NANOS;
                    throw e;
                }
            }
            return connection.sync();
        } finally {
            connecting.unlock();
        }
    }

    private List<Long> run(String[] keys, String... args) {
        RedisCommands<String, String> redis = redis();
        String sha = scriptSha;
        if (sha != null) {
            try {
                return redis.evalsha(sha, ScriptOutputType.MULTI, keys, args);
            } catch (RedisNoScriptException e) {
                // Redis restarted or flushed its script cache: load it again below
            }
        }
        scriptSha = redis.scriptLoad(SCRIPT);
        return redis.evalsha(scriptSha, ScriptOutputType.MULTI, keys, args);
    }
}
