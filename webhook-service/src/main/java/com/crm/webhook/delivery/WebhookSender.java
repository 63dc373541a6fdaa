package com.crm.webhook.delivery;

import com.crm.webhook.WebhookProperties;
import com.crm.webhook.signature.WebhookSignature;
import com.crm.webhook.subscription.TargetPolicy;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
import org.springframework.stereotype.Component;

/**
 * POSTs one signed delivery to the address {@link TargetPolicy} checked: the connection goes to that IP, while the
 * Host header, TLS SNI and the certificate check use the host name as written. The client never resolves a name
 * itself (its DNS resolver refuses every lookup), so DNS cannot rebind the name to an internal address between
 * the check and the connection; a pooled connection is reused only for the same host and checked address. Redirects
 * are not followed (they could lead past the allow-list) and count as failures, like any answer other than 2xx;
 * the receiver's body is read and dropped.
 */
@Component
class WebhookSender {

    static final ContentType CONTENT_TYPE = ContentType.create("application/cloudevents+json", StandardCharsets.UTF_8);

    /** The outcome of one attempt: an HTTP status, or the error that prevented one. */
    record Outcome(Integer statusCode, String error, long latencyMs) {

        boolean delivered() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }
    }

    /** Refuses every lookup: a delivery connects to the address its check resolved, or nowhere. */
    private static final DnsResolver NO_LOOKUPS = new DnsResolver() {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            throw new UnknownHostException(host + ": webhook deliveries connect only to the checked address");
        }

        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
            throw new UnknownHostException(host + ": webhook deliveries connect only to the checked address");
        }
    };

    private final CloseableHttpClient http;
    private final Clock clock;

    WebhookSender(WebhookProperties properties, Clock clock) {
        this.clock = clock;
        PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(NO_LOOKUPS)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(properties.connectTimeout()))
                        .setSocketTimeout(Timeout.of(properties.readTimeout()))
                        .build())
                .setMaxConnTotal(properties.maxConcurrentSends())
                .setMaxConnPerRoute(properties.maxConcurrentSends())
                .build();
        this.http = HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.of(properties.connectTimeout()))
                        .setResponseTimeout(Timeout.of(properties.readTimeout()))
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .setUserAgent("crm-webhooks/1")
                .build();
    }

    Outcome send(
            TargetPolicy.Allowed target,
            byte[] signingKey,
            UUID deliveryId,
            String eventType,
            int attempt,
            String body) {
        long timestamp = clock.instant().getEpochSecond();
        long started = System.nanoTime();
        try {
            HttpHost pinned = new HttpHost(target.uri().getScheme(), target.address(), target.host(), target.port());
            HttpPost request = new HttpPost(target.uri());
            request.setHeader(WebhookSignature.ID_HEADER, deliveryId.toString());
            request.setHeader(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp));
            request.setHeader(
                    WebhookSignature.SIGNATURE_HEADER,
                    WebhookSignature.sign(signingKey, deliveryId.toString(), timestamp, body));
            request.setHeader("webhook-event-type", eventType);
            request.setHeader("webhook-attempt", Integer.toString(attempt));
            request.setEntity(new StringEntity(body, CONTENT_TYPE));
            int status = http.execute(pinned, request, response -> {
                EntityUtils.consume(response.getEntity());
                return response.getCode();
            });
            return new Outcome(status, null, elapsed(started));
        } catch (IOException | IllegalArgumentException e) {
            String error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return new Outcome(null, error.length() > 1000 ? error.substring(0, 1000) : error, elapsed(started));
        }
    }

    @PreDestroy
    void close() throws IOException {
        http.close();
    }

    private static long elapsed(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
