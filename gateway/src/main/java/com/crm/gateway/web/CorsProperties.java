package com.crm.gateway.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** CORS for the frontends ({@code crm.gateway.cors.*}); no origin is allowed until one is configured. */
@ConfigurationProperties("crm.gateway.cors")
public class CorsProperties {

    /** Exact origins (scheme://host[:port]) or patterns such as {@code https://*.example.com}. */
    private List<String> allowedOrigins = new ArrayList<>();

    private List<String> allowedMethods = new ArrayList<>(List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"));
    private List<String> allowedHeaders = new ArrayList<>(List.of(
            "Authorization",
            "Content-Type",
            "If-Match",
            "If-None-Match",
            "Idempotency-Key",
            "X-Request-Id",
            "traceparent",
            "tracestate"));
    private List<String> exposedHeaders = new ArrayList<>(List.of(
            "Location",
            "ETag",
            "Content-Location",
            "X-Request-Id",
            "Retry-After",
            "X-RateLimit-Limit",
            "X-RateLimit-Remaining",
            "Idempotent-Replayed"));
    /** Bearer tokens travel in a header, not in cookies: credentials stay off by default. */
    private boolean allowCredentials = false;
    /** How long a browser may cache a preflight answer. */
    private Duration maxAge = Duration.ofHours(1);

    public List<String> getAllowedOrigins() {
        return allowedOrigins;
    }

    public void setAllowedOrigins(List<String> v) {
        this.allowedOrigins = v;
    }

    public List<String> getAllowedMethods() {
        return allowedMethods;
    }

    public void setAllowedMethods(List<String> v) {
        this.allowedMethods = v;
    }

    public List<String> getAllowedHeaders() {
        return allowedHeaders;
    }

    public void setAllowedHeaders(List<String> v) {
        this.allowedHeaders = v;
    }

    public List<String> getExposedHeaders() {
        return exposedHeaders;
    }

    public void setExposedHeaders(List<String> v) {
        this.exposedHeaders = v;
    }

    public boolean isAllowCredentials() {
        return allowCredentials;
    }

    public void setAllowCredentials(boolean v) {
        this.allowCredentials = v;
    }

    public Duration getMaxAge() {
        return maxAge;
    }

    public void setMaxAge(Duration v) {
        this.maxAge = v;
    }
}
