package com.crm.support.idempotency;

import com.crm.support.problem.ProblemResponseWriter;
import com.crm.support.problem.ProblemTypes;
import com.crm.support.web.ReplayableBodyRequest;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * {@code Idempotency-Key} on POST: the first answer (status, Location, ETag, body) is stored per client and key,
 * and a retry of the same request gets it back without running again. The same key with another body is a 422;
 * a retry while the first is still running is a 409. 5xx answers are not kept, so they can be retried.
 */
public class IdempotencyFilter extends OncePerRequestFilter {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7e]{1,200}");

    private final IdempotencyStore store;
    private final ProblemResponseWriter problems;
    private final IdempotencyProperties properties;

    IdempotencyFilter(IdempotencyStore store, ProblemResponseWriter problems, IdempotencyProperties properties) {
        this.store = store;
        this.problems = problems;
        this.properties = properties;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated()) {
            chain.doFilter(request, response);
            return;
        }
        if (!VALID_KEY.matcher(key).matches()) {
            problems.write(
                    request,
                    response,
                    HttpStatus.BAD_REQUEST,
                    ProblemTypes.VALIDATION,
                    "Invalid request",
                    "Idempotency-Key must be 1 to 200 visible ASCII characters");
            return;
        }
        ReplayableBodyRequest buffered = ReplayableBodyRequest.of(request);
        String hash = hash(request.getRequestURI(), buffered.body());
        String client = auth.getName();
        if (!store.claim(client, key, hash)) {
            replay(request, response, client, key, hash);
            return;
        }
        var cachedResponse = new ContentCachingResponseWrapper(response);
        boolean completed = false;
        try {
            chain.doFilter(buffered, cachedResponse);
            int status = cachedResponse.getStatus();
            if (status < 500) {
                store.complete(
                        client,
                        key,
                        status,
                        cachedResponse.getContentType(),
                        cachedResponse.getHeader(HttpHeaders.LOCATION),
                        cachedResponse.getHeader(HttpHeaders.ETAG),
                        cachedResponse.getContentAsByteArray());
                completed = true;
            }
        } finally {
            if (!completed) {
                store.release(client, key);
            }
            cachedResponse.copyBodyToResponse();
        }
    }

    private void replay(
            HttpServletRequest request, HttpServletResponse response, String client, String key, String hash)
            throws IOException {
        var stored = store.find(client, key).orElse(null);
        if (stored == null || stored.status() == null) {
            problems.write(
                    request,
                    response,
                    HttpStatus.CONFLICT,
                    ProblemTypes.CONFLICT,
                    "Request in progress",
                    "A request with this Idempotency-Key is still being processed; retry shortly");
            return;
        }
        if (!stored.requestHash().equals(hash)) {
            problems.write(
                    request,
                    response,
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    ProblemTypes.RULE_VIOLATION,
                    "Idempotency-Key reused",
                    "This Idempotency-Key was used for a different request");
            return;
        }
        response.setStatus(stored.status());
        response.setHeader(REPLAYED_HEADER, "true");
        if (stored.contentType() != null) {
            response.setContentType(stored.contentType());
        }
        if (stored.location() != null) {
            response.setHeader(HttpHeaders.LOCATION, stored.location());
        }
        if (stored.etag() != null) {
            response.setHeader(HttpHeaders.ETAG, stored.etag());
        }
        if (stored.body() != null) {
            response.getOutputStream().write(stored.body());
        }
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    public void purgeExpired() {
        store.purgeOlderThan(properties.retention().toSeconds());
    }

    private static String hash(String path, byte[] body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(path.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            return HexFormat.of().formatHex(digest.digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
