package com.crm.gateway.ratelimit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The shared store, when {@code crm.gateway.rate-limit.store=redis}: every replica counts against the same buckets.
 * One Lettuce connection per replica is enough (Lettuce multiplexes commands from all request threads over it);
 * it reconnects by itself after a Redis restart.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "crm.gateway.rate-limit.store", havingValue = "redis")
class RedisStoreConfiguration {

    @Bean(destroyMethod = "shutdown")
    RedisClient rateLimitRedisClient(RateLimitProperties properties) {
        RedisURI uri = RedisURI.create(properties.getRedis().getUrl());
        uri.setTimeout(properties.getRedis().getTimeout());
        return RedisClient.create(uri);
    }

    @Bean(destroyMethod = "close")
    StatefulRedisConnection<String, String> rateLimitRedisConnection(RedisClient client) {
        return client.connect();
    }

    @Bean
    RedisRateLimiter redisRateLimiter(StatefulRedisConnection<String, String> connection,
                                      RateLimitProperties properties, ObjectProvider<MeterRegistry> registry) {
        RedisRateLimiter limiter = new RedisRateLimiter(connection.sync(), properties.getRedis().getKeyPrefix());
        registry.ifAvailable(r -> Gauge.builder("crm.gateway.rate_limit.store_failures", limiter,
                        RedisRateLimiter::storeFailures)
                .description("Requests let through unlimited because the rate-limit store failed")
                .register(r));
        return limiter;
    }
}
