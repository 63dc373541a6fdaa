package com.crm.gateway.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** One Resilience4j circuit breaker per route, configured from {@link ResilienceProperties}. */
public class RouteResilience {

    private final ResilienceProperties properties;
    private final CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
    private final ConcurrentMap<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

    public RouteResilience(ResilienceProperties properties) {
        this.properties = properties;
    }

    public ResilienceProperties.Policy policy(String routeId) {
        return properties.forRoute(routeId);
    }

    public CircuitBreaker breaker(String routeId) {
        return breakers.computeIfAbsent(routeId, id -> {
            ResilienceProperties.Policy p = properties.forRoute(id);
            CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                    .failureRateThreshold(p.getFailureRateThreshold())
                    .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                    .slidingWindowSize(p.getSlidingWindowSize())
                    .minimumNumberOfCalls(p.getMinimumNumberOfCalls())
                    .waitDurationInOpenState(p.getWaitDurationInOpenState())
                    .permittedNumberOfCallsInHalfOpenState(p.getPermittedCallsInHalfOpenState())
                    .automaticTransitionFromOpenToHalfOpenEnabled(false)
                    .build();
            return registry.circuitBreaker(id, config);
        });
    }

    public CircuitBreakerRegistry registry() {
        return registry;
    }
}
