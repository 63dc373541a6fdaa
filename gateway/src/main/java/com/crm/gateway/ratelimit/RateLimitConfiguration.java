package com.crm.gateway.ratelimit;

import com.crm.support.problem.ProblemResponseWriter;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Per-client rate limits: in-memory buckets unless {@code crm.gateway.rate-limit.store=redis} (see
 * {@link RedisStoreConfiguration}) or another {@link RateLimiter} bean is declared.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
@Import(RedisStoreConfiguration.class)
class RateLimitConfiguration {

    /** After Spring Security's filter chain (order -100), so the token has been checked. */
    static final int ORDER = 0;

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = "crm.gateway.rate-limit.store", havingValue = "memory", matchIfMissing = true)
    RateLimiter rateLimiter() {
        return new InMemoryRateLimiter();
    }

    @Bean
    FilterRegistrationBean<ClientRateLimitFilter> clientRateLimitFilter(
            RateLimitProperties properties, RateLimiter limiter, ProblemResponseWriter writer) {
        var registration = new FilterRegistrationBean<>(new ClientRateLimitFilter(properties, limiter, writer));
        registration.setOrder(ORDER);
        return registration;
    }
}
