package com.crm.webhook.delivery;

import com.crm.webhook.WebhookProperties;
import com.crm.webhook.signature.WebhookSignature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * POSTs one signed delivery. Redirects are not followed (they could lead past the allow-list) and count as
 * failures, like any answer other than 2xx; the receiver's body is read and dropped.
 */
@Component
class WebhookSender {

    static final String CONTENT_TYPE = "application/cloudevents+json; charset=utf-8";

    /** The outcome of one attempt: an HTTP status, or the error that prevented one. */
    record Outcome(Integer statusCode, String error, long latencyMs) {

        boolean delivered() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }
    }

    private final HttpClient http;
    private final WebhookProperties properties;
    private final Clock clock;

    WebhookSender(WebhookProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    Outcome send(String url, byte[] signingKey, UUID deliveryId, String eventType, int attempt, String body) {
        long timestamp = clock.instant().getEpochSecond();
        long started = System.nanoTime();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(properties.readTimeout())
                    .header("Content-Type", CONTENT_TYPE)
                    .header("User-Agent", "crm-webhooks/1")
                    .header(WebhookSignature.ID_HEADER, deliveryId.toString())
                    .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                    .header(
                            WebhookSignature.SIGNATURE_HEADER,
                            WebhookSignature.sign(signingKey, deliveryId.toString(), timestamp, body))
                    .header("webhook-event-type", eventType)
                    .header("webhook-attempt", Integer.toString(attempt))
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                    .build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            return new Outcome(response.statusCode(), null, elapsed(started));
        } catch (IOException | IllegalArgumentException e) {
            String error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return new Outcome(null, error.length() > 1000 ? error.substring(0, 1000) : error, elapsed(started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(null, "interrupted", elapsed(started));
        }
    }

    private static long elapsed(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
