package com.crm.gateway.ratelimit;

import com.crm.support.problem.ProblemResponseWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts each authenticated request against its client's bucket (after Spring Security has checked the token):
 * every answer carries {@code X-RateLimit-Limit} and {@code X-RateLimit-Remaining}; a client over its limit gets a
 * problem+json 429 with {@code Retry-After} (seconds) and the service is not called. Anonymous requests (public
 * paths; everything else is a 401 already) are not counted.
 */
public class ClientRateLimitFilter extends OncePerRequestFilter {

    public static final URI RATE_LIMITED = URI.create("urn:crm:problem:rate-limited");

    private final RateLimitProperties properties;
    private final RateLimiter limiter;
    private final ProblemResponseWriter writer;

    public ClientRateLimitFilter(RateLimitProperties properties, RateLimiter limiter, ProblemResponseWriter writer) {
        this.properties = properties;
        this.limiter = limiter;
        this.writer = writer;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String clientId = properties.isEnabled() ? clientId() : null;
        if (clientId == null) {
            chain.doFilter(request, response);
            return;
        }
        RateLimiter.Decision decision = limiter.tryConsume(clientId, properties.forClient(clientId));
        response.setHeader("X-RateLimit-Limit", Long.toString(decision.limit()));
        response.setHeader("X-RateLimit-Remaining", Long.toString(decision.remaining()));
        if (!decision.allowed()) {
            long seconds = Math.max(1, (decision.retryAfter().toMillis() + 999) / 1000);
            response.setHeader("Retry-After", Long.toString(seconds));
            writer.write(
                    request,
                    response,
                    HttpStatus.TOO_MANY_REQUESTS,
                    RATE_LIMITED,
                    "Too many requests",
                    "Client '" + clientId + "' has used its " + decision.limit() + " requests; retry in " + seconds
                            + " s.");
            return;
        }
        chain.doFilter(request, response);
    }

    private static String clientId() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof Jwt jwt)) {
            return null;
        }
        String clientId = jwt.getClaimAsString("client_id");
        return clientId != null ? clientId : jwt.getSubject();
    }
}
