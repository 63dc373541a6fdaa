package com.crm.gateway.resilience;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Circuit breaker and retry per route ({@code crm.gateway.resilience.*}). {@code defaults} applies to every route
 * carrying the {@code CrmResilience} filter; {@code routes.<route-id>} replaces it for one route (an entry starts
 * from the built-in defaults below, not from {@code defaults}).
 */
@ConfigurationProperties("crm.gateway.resilience")
public class ResilienceProperties {

    private Policy defaults = new Policy();
    private Map<String, Policy> routes = new LinkedHashMap<>();

    public Policy getDefaults() {
        return defaults;
    }

    public void setDefaults(Policy defaults) {
        this.defaults = defaults;
    }

    public Map<String, Policy> getRoutes() {
        return routes;
    }

    public void setRoutes(Map<String, Policy> routes) {
        this.routes = routes;
    }

    public Policy forRoute(String routeId) {
        return routes.getOrDefault(routeId, defaults);
    }

    public static class Policy {
        /** Percentage of failed calls (5xx from the service, connection errors, timeouts) that opens the breaker. */
        private float failureRateThreshold = 50;
        /** Number of recent calls the failure rate is computed over. */
        private int slidingWindowSize = 20;
        /** Calls needed before the failure rate counts at all. */
        private int minimumNumberOfCalls = 5;
        /** How long an open breaker refuses calls (503) before letting trial calls through. */
        private Duration waitDurationInOpenState = Duration.ofSeconds(10);
        /** Trial calls in half-open state; all must succeed to close the breaker. */
        private int permittedCallsInHalfOpenState = 2;
        /** Attempts in total for a safe request (1 = no retry). */
        private int retryMaxAttempts = 3;
        /** Pause between attempts. */
        private Duration retryBackoff = Duration.ofMillis(100);
        /** How long this route waits for its service's answer (504 after); null: spring.http.clients.read-timeout. */
        private Duration readTimeout;

        public float getFailureRateThreshold() {
            return failureRateThreshold;
        }

        public void setFailureRateThreshold(float v) {
            this.failureRateThreshold = v;
        }

        public int getSlidingWindowSize() {
            return slidingWindowSize;
        }

        public void setSlidingWindowSize(int v) {
            this.slidingWindowSize = v;
        }

        public int getMinimumNumberOfCalls() {
            return minimumNumberOfCalls;
        }

        public void setMinimumNumberOfCalls(int v) {
            this.minimumNumberOfCalls = v;
        }

        public Duration getWaitDurationInOpenState() {
            return waitDurationInOpenState;
        }

        public void setWaitDurationInOpenState(Duration v) {
            this.waitDurationInOpenState = v;
        }

        public int getPermittedCallsInHalfOpenState() {
            return permittedCallsInHalfOpenState;
        }

        public void setPermittedCallsInHalfOpenState(int v) {
            this.permittedCallsInHalfOpenState = v;
        }

        public int getRetryMaxAttempts() {
            return retryMaxAttempts;
        }

        public void setRetryMaxAttempts(int v) {
            this.retryMaxAttempts = v;
        }

        public Duration getRetryBackoff() {
            return retryBackoff;
        }

        public void setRetryBackoff(Duration v) {
            this.retryBackoff = v;
        }

        public Duration getReadTimeout() {
            return readTimeout;
        }

        public void setReadTimeout(Duration v) {
            this.readTimeout = v;
        }
    }
}
