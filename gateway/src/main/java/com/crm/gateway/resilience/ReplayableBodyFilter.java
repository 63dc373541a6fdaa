package com.crm.gateway.resilience;

import com.crm.support.web.ReplayableBodyRequest;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps the body of a POST carrying {@code Idempotency-Key} so that the {@code CrmResilience} filter can send it
 * again on a retry (the proxy reads the servlet input stream, which can be read once only). Runs last, after the
 * body size limit, so what it buffers is bounded by {@code crm.http.max-body-size}.
 */
public class ReplayableBodyFilter extends OncePerRequestFilter implements Ordered {

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 10;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || request.getHeader("Idempotency-Key") == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(ReplayableBodyRequest.of(request), response);
    }
}
