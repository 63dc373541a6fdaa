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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * {@code Idempotency-Key} on POST: the first answer (status, Location, ETag, body) is stored per client and key,
 * and a retry of the same request gets it back without running again. The same key with another body is a 422;
 * a retry while the first is still running is a 409. 5xx answers are not kept, so they can be retried. The answer
 * commits with the request's writes (see {@link #runAndAnswer}).
 */
public class IdempotencyFilter extends OncePerRequestFilter {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);
    private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7e]{1,200}");

    private final IdempotencyStore store;
    private final ProblemResponseWriter problems;
    private final IdempotencyProperties properties;
    private final TransactionTemplate transactions;

    /** @param transactions the service's transactions, which the request's writes join; null runs it without */
    IdempotencyFilter(
            IdempotencyStore store,
            ProblemResponseWriter problems,
            IdempotencyProperties properties,
            TransactionTemplate transactions) {
        this.store = store;
        this.problems = problems;
        this.properties = properties;
        this.transactions = transactions;
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
        boolean answered = false;
        try {
            answered = runAndAnswer(client, key, buffered, cachedResponse, chain);
        } catch (RuntimeException | ServletException | IOException e) {
            if (!(e instanceof TransactionException || e instanceof DataAccessException)) {
                releaseQuietly(client, key);
                throw e;
            }
            // the write and its answer did not commit (the database went away at the end): nothing to send but this
            log.warn("Idempotent request {} {} not committed: {}", request.getMethod(), request.getRequestURI(), e);
            // the key is free before the client hears of the failure, so that its retry is never told "in progress"
            releaseQuietly(client, key);
            response.reset();
            problems.write(
                    request,
                    response,
                    HttpStatus.SERVICE_UNAVAILABLE,
                    ProblemTypes.INTERNAL,
                    "Service unavailable",
                    "The request could not be completed; retry it with the same Idempotency-Key");
            return;
        }
        if (!answered) {
            releaseQuietly(client, key);
        }
        cachedResponse.copyBodyToResponse();
    }

    /**
     * Runs the request in one transaction that its writes join, and stores its answer in that same transaction: a
     * write is never committed without its answer, so no failure between the two can make a retry apply it again.
     * A refusal whose writes rolled back still has its answer kept (in a transaction of its own); 5xx answers are not
     * kept, so they can be retried.
     *
     * @return whether the answer was stored
     */
    private boolean runAndAnswer(
            String client,
            String key,
            ReplayableBodyRequest request,
            ContentCachingResponseWrapper response,
            FilterChain chain)
            throws ServletException, IOException {
        if (transactions == null) {
            chain.doFilter(request, response);
            return response.getStatus() < 500 && complete(client, key, response);
        }
        Boolean stored;
        try {
            stored = transactions.execute(tx -> {
                try {
                    chain.doFilter(request, response);
                } catch (ServletException | IOException e) {
                    throw new ChainFailure(e);
                }
                if (response.getStatus() >= 500 || tx.isRollbackOnly()) {
                    tx.setRollbackOnly();
                    return false;
                }
                return complete(client, key, response);
            });
        } catch (ChainFailure e) {
            if (e.getCause() instanceof ServletException servlet) {
                throw servlet;
            }
            throw (IOException) e.getCause();
        }
        if (Boolean.TRUE.equals(stored)) {
            return true;
        }
        return response.getStatus() < 500 && complete(client, key, response);
    }

    private boolean complete(String client, String key, ContentCachingResponseWrapper response) {
        store.complete(
                client,
                key,
                response.getStatus(),
                response.getContentType(),
                response.getHeader(HttpHeaders.LOCATION),
                response.getHeader(HttpHeaders.ETAG),
                response.getContentAsByteArray());
        return true;
    }

    /** A key left claimed without an answer is taken over by a retry after the lease anyway. */
    private void releaseQuietly(String client, String key) {
        try {
            store.release(client, key);
        } catch (DataAccessException e) {
            log.warn("Idempotency-Key not released, a retry takes it over after the lease: {}", e.toString());
        }
    }

    /** Carries the filter chain's checked exceptions through the transaction callback. */
    private static final class ChainFailure extends RuntimeException {
        ChainFailure(Exception cause) {
            super(cause);
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
