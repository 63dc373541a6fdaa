package com.crm.gateway.resilience;

import com.crm.support.problem.ErrorCode;
import com.crm.support.problem.FieldViolation;
import com.crm.support.problem.Problems;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.server.mvc.common.MvcUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The {@code CrmResilience} route filter: a Resilience4j circuit breaker per route, retry of safe requests
 * (GET, HEAD, and POST carrying {@code Idempotency-Key}) on connection failures and 502/503 answers, and
 * problem+json 503 (breaker open, service unreachable) or 504 (service did not answer within the route's
 * {@code read-timeout}, by default {@code spring.http.clients.read-timeout}) instead of a hang or a stack trace.
 */
public final class ResilienceFilterFunctions {

    public static final URI SERVICE_UNAVAILABLE = URI.create("urn:crm:problem:service-unavailable");
    public static final URI GATEWAY_TIMEOUT = URI.create("urn:crm:problem:gateway-timeout");
    static final URI MALFORMED = URI.create("urn:crm:problem:malformed-request");
    private static final Logger log = LoggerFactory.getLogger(ResilienceFilterFunctions.class);

    private ResilienceFilterFunctions() {}

    /** Named {@code CrmResilience} in {@code spring.cloud.gateway.server.webmvc.routes[].filters}. */
    public static HandlerFilterFunction<ServerResponse, ServerResponse> crmResilience() {
        return (request, next) -> {
            RouteResilience resilience = MvcUtils.getApplicationContext(request).getBean(RouteResilience.class);
            String routeId = routeId(request);
            CircuitBreaker breaker = resilience.breaker(routeId);
            ResilienceProperties.Policy policy = resilience.policy(routeId);
            boolean safe = isSafe(request);
            // a POST's body is kept for a retry by ReplayableBodyFilter
            int attempts = safe ? Math.max(1, policy.getRetryMaxAttempts()) : 1;
            for (int attempt = 1; ; attempt++) {
                if (!breaker.tryAcquirePermission()) {
                    return problem(
                            request,
                            HttpStatus.SERVICE_UNAVAILABLE,
                            SERVICE_UNAVAILABLE,
                            "Service unavailable",
                            "The service behind route '" + routeId + "' is failing; its circuit breaker is open.",
                            policy.getWaitDurationInOpenState());
                }
                long start = System.nanoTime();
                try {
                    ServerResponse response = RouteTimeouts.with(policy.getReadTimeout(), () -> next.handle(request));
                    long took = System.nanoTime() - start;
                    int status = response.statusCode().value();
                    if (status == 502 || status == 503 || status == 504) {
                        breaker.onError(took, TimeUnit.NANOSECONDS, new IllegalStateException("status " + status));
                        if (status != 504 && attempt < attempts) {
                            pause(policy.getRetryBackoff());
                            continue;
                        }
                    } else {
                        breaker.onSuccess(took, TimeUnit.NANOSECONDS);
                    }
                    return response;
                } catch (Exception e) {
                    if (isMalformedRequest(e)) {
                        // the client's request could not be read (e.g. a query that is not UTF-8): its fault,
                        // not the service's, which was never called
                        breaker.releasePermission();
                        return malformedQuery(request);
                    }
                    breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
                    if (isReadTimeout(e)) {
                        log.warn("Route {} timed out: {}", routeId, e.toString());
                        return problem(
                                request,
                                HttpStatus.GATEWAY_TIMEOUT,
                                GATEWAY_TIMEOUT,
                                "Gateway timeout",
                                "The service behind route '" + routeId + "' did not answer in time.",
                                null);
                    }
                    if (attempt < attempts) {
                        pause(policy.getRetryBackoff());
                        continue;
                    }
                    log.warn("Route {} unreachable after {} attempt(s): {}", routeId, attempt, e.toString());
                    return problem(
                            request,
                            HttpStatus.SERVICE_UNAVAILABLE,
                            SERVICE_UNAVAILABLE,
                            "Service unavailable",
                            "The service behind route '" + routeId + "' cannot be reached.",
                            null);
                }
            }
        };
    }

    static boolean isMalformedRequest(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getClass().getName().equals("org.apache.tomcat.util.http.InvalidParameterException")) {
                return true;
            }
        }
        return false;
    }

    static boolean isSafe(ServerRequest request) {
        HttpMethod method = request.method();
        return HttpMethod.GET.equals(method)
                || HttpMethod.HEAD.equals(method)
                || (HttpMethod.POST.equals(method) && request.headers().firstHeader("Idempotency-Key") != null);
    }

    static boolean isReadTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) {
                return false; // never connected: unavailable, not slow
            }
            if (t instanceof HttpTimeoutException
                    || t instanceof TimeoutException
                    || t instanceof SocketTimeoutException
                    || (t instanceof InterruptedIOException
                            && String.valueOf(t.getMessage())
                                    .toLowerCase(Locale.ROOT)
                                    .contains("timed out"))) {
                return !String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains("connect");
            }
        }
        return false;
    }

    private static String routeId(ServerRequest request) {
        Object id = MvcUtils.getAttribute(request, MvcUtils.GATEWAY_ROUTE_ID_ATTR);
        if (id != null) {
            return id.toString();
        }
        URI url = MvcUtils.getAttribute(request, MvcUtils.GATEWAY_REQUEST_URL_ATTR);
        return url != null ? url.getHost() + ":" + url.getPort() : "default";
    }

    private static void pause(Duration backoff) {
        if (!backoff.isZero() && !backoff.isNegative()) {
            LockSupport.parkNanos(backoff.toNanos());
        }
    }

    /** A 400 naming each query parameter that is not percent-encoded UTF-8, as the services name a bad field. */
    private static ServerResponse malformedQuery(ServerRequest request) {
        List<String> parameters =
                QueryEncoding.undecodableParameters(request.servletRequest().getQueryString());
        return problem(
                request,
                HttpStatus.BAD_REQUEST,
                MALFORMED,
                "Malformed request",
                parameters.isEmpty()
                        ? "The request's query could not be read"
                        : "The query parameters " + parameters + " are not percent-encoded UTF-8",
                null,
                parameters.stream()
                        .map(name ->
                                new FieldViolation(name, ErrorCode.INVALID_ENCODING, "is not percent-encoded UTF-8"))
                        .toList());
    }

    private static ServerResponse problem(
            ServerRequest request, HttpStatus status, URI type, String title, String detail, Duration retryAfter) {
        return problem(request, status, type, title, detail, retryAfter, List.of());
    }

    private static ServerResponse problem(
            ServerRequest request,
            HttpStatus status,
            URI type,
            String title,
            String detail,
            Duration retryAfter,
            List<FieldViolation> errors) {
        ProblemDetail problem = Problems.of(status, type, title, detail, errors);
        problem.setInstance(URI.create(request.path()));
        ServerResponse.BodyBuilder builder =
                ServerResponse.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (retryAfter != null) {
            builder.header("Retry-After", String.valueOf(Math.max(1, retryAfter.toSeconds())));
        }
        return builder.body(problem);
    }
}
