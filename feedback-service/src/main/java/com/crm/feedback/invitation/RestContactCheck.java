package com.crm.feedback.invitation;

import com.crm.feedback.FeedbackProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/contact-checks} on interaction-service with a client-credentials bearer token, through a
 * Resilience4j retry, circuit breaker and time limiter (instances {@value #NAME}). Never throws: when it cannot get
 * an answer it says so ({@link Decision#available()} false) and the caller defers.
 */
@Component
class RestContactCheck implements ContactCheck {

    static final String NAME = "contact-check";
    static final String CLIENT_REGISTRATION = "crm-feedback-service";
    private static final Logger log = LoggerFactory.getLogger(RestContactCheck.class);

    private final RestClient http;
    private final OAuth2AuthorizedClientManager tokens;
    private final CircuitBreaker circuitBreaker;
    private final Retry retry;
    private final TimeLimiter timeLimiter;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    RestContactCheck(
            FeedbackProperties properties,
            OAuth2AuthorizedClientManager tokens,
            CircuitBreakerRegistry circuitBreakers,
            RetryRegistry retries,
            TimeLimiterRegistry timeLimiters) {
        this.tokens = tokens;
        this.circuitBreaker = circuitBreakers.circuitBreaker(NAME);
        this.retry = retries.retry(NAME);
        this.timeLimiter = timeLimiters.timeLimiter(NAME);
        var factory = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());
        factory.setReadTimeout(timeLimiter.getTimeLimiterConfig().getTimeoutDuration());
        this.http = RestClient.builder()
                .baseUrl(properties.interactionServiceUri())
                .requestFactory(factory)
                .build();
    }

    @Override
    public Decision check(UUID customerId, String channel) {
        Supplier<Decision> guarded = Retry.decorateSupplier(
                retry, CircuitBreaker.decorateSupplier(circuitBreaker, () -> limited(customerId, channel)));
        try {
            return guarded.get();
        } catch (RuntimeException e) {
            log.info("Contact check for customer {} unavailable: {}", customerId, e.toString());
            return Decision.unavailable(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private Decision limited(UUID customerId, String channel) {
        try {
            return timeLimiter.executeFutureSupplier(
                    () -> CompletableFuture.supplyAsync(() -> call(customerId, channel), executor));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private Decision call(UUID customerId, String channel) {
        OAuth2AuthorizedClient client =
                tokens.authorize(OAuth2AuthorizeRequest.withClientRegistrationId(CLIENT_REGISTRATION)
                        .principal("feedback-service")
                        .build());
        if (client == null) {
            throw new IllegalStateException("no token for " + CLIENT_REGISTRATION);
        }
        JsonNode body = http.post()
                .uri("/api/contact-checks")
                .headers(h -> h.setBearerAuth(client.getAccessToken().getTokenValue()))
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("customerId", customerId, "channel", channel, "purpose", "SERVICE"))
                .retrieve()
                .body(JsonNode.class);
        if (body == null) {
            throw new IllegalStateException("empty contact-check answer");
        }
        List<String> reasons = new ArrayList<>();
        JsonNode r = body.get("reasons");
        if (r != null) {
            r.forEach(reason -> reasons.add(reason.path("rule").asString("") + ": "
                    + reason.path("message").asString("")));
        }
        JsonNode earliest = body.get("earliestAllowedAt");
        return new Decision(
                true,
                body.path("allowed").asBoolean(false),
                earliest == null || earliest.isNull() ? null : Instant.parse(earliest.asString()),
                reasons);
    }
}
