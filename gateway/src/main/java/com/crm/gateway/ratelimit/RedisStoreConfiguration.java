package com.crm.gateway.ratelimit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The shared store, when {@code crm.gateway.rate-limit.store=redis}: every replica counts against the same buckets.
 * One Lettuce connection per replica is enough (Lettuce multiplexes commands from all request threads over it),
 * made on first use and re-established by Lettuce after a Redis restart.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "crm.gateway.rate-limit.store", havingValue = "redis")
class RedisStoreConfiguration {

    @Bean(destroyMethod = "shutdown")
    RedisClient rateLimitRedisClient(RateLimitProperties properties) {
        RateLimitProperties.Redis redis = properties.getRedis();
        RedisURI uri = RedisURI.create(redis.getUrl());
        uri.setTimeout(redis.getTimeout());
        RedisClient client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .socketOptions(SocketOptions.builder()
                        .connectTimeout(redis.getConnectTimeout())
                        .build())
                // while disconnected, fail at once (the request passes) instead of queueing commands
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        return client;
    }

    @Bean(destroyMethod = "close")
    RedisRateLimiter redisRateLimiter(
            RedisClient client, RateLimitProperties properties, ObjectProvider<MeterRegistry> registry) {
        RedisRateLimiter limiter =
                new RedisRateLimiter(client, properties.getRedis().getKeyPrefix());
        registry.ifAvailable(
                r -> Gauge.builder("crm.gateway.rate_limit.store_failures", limiter, RedisRateLimiter::storeFailures)
                        .description("Requests let through unlimited because the rate-limit store failed")
                        .register(r));
        return limiter;
    }
}
