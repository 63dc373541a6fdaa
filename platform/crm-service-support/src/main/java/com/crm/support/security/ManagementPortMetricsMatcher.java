package com.crm.support.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Matches {@code GET /actuator/prometheus} only when it arrives on the separate management port
 * ({@code management.server.port}, 9090 in the images). That port is not published by the Kubernetes Services
 * or routed by the gateway, and NetworkPolicies admit only the monitoring namespace to it, so Prometheus scrapes
 * without a token; on the application port the endpoint still needs {@code crm.admin}. Without a separate
 * management port this never matches.
 */
final class ManagementPortMetricsMatcher implements RequestMatcher {

    static final String PATH = "/actuator/prometheus";
    private final int managementPort;

    ManagementPortMetricsMatcher(Integer managementPort) {
        this.managementPort = managementPort == null ? -1 : managementPort;
    }

    @Override
    public boolean matches(HttpServletRequest request) {
        return managementPort > 0
                && request.getLocalPort() == managementPort
                && ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()))
                && PATH.equals(request.getRequestURI());
    }
}
