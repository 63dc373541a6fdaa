package com.crm.support.web;

import com.crm.support.problem.ProblemResponseWriter;
import com.crm.support.problem.ProblemTypes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds the request target (path and query) with a problem+json 414. Tomcat reads request lines up to its header
 * size ({@code server.max-http-request-header-size}, raised by {@link CrmWebDefaults}) and, over it, closes the
 * connection with the rest of the request unread: a client still sending then sees a reset instead of the answer.
 * Under that size the whole request line has been read, so this answer is delivered and the connection stays usable;
 * and a gateway never forwards a target longer than the services behind it accept.
 */
public class RequestUriLimitFilter extends OncePerRequestFilter {

    private final int maxLength;
    private final ProblemResponseWriter writer;

    public RequestUriLimitFilter(int maxLength, ProblemResponseWriter writer) {
        this.maxLength = maxLength;
        this.writer = writer;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        long length = request.getRequestURI().length() + (query == null ? 0 : query.length() + 1);
        if (length > maxLength) {
            writer.write(
                    request,
                    response,
                    HttpStatus.URI_TOO_LONG,
                    ProblemTypes.MALFORMED,
                    "URI too long",
                    "The request's path and query exceed " + maxLength + " characters");
            return;
        }
        chain.doFilter(request, response);
    }
}
