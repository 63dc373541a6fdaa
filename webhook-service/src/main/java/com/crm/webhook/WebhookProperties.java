package com.crm.webhook;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param allowedTargets where subscriptions may point: {@code [scheme://]host-pattern[:port]}; {@code *} is any
 *                       public host, {@code *.example.com} its subdomains; internal addresses (loopback,
 *                       private, link-local, ...) only for entries that name a host or IP explicitly
 * @param secretKey      the first cipher's key (any string; SHA-256 made the AES key): only read to re-encrypt the
 *                       secrets stored with it, with the keyset
 * @param keyset         the Tink AEAD keyset (JSON) that encrypts subscription secrets at rest; blank: the
 *                       development keyset
 * @param baseDelay      first retry delay; doubled per attempt, full jitter
 * @param maxDelay       cap of a single retry delay
 * @param retryHorizon   how long a failing delivery is retried before it is parked as a dead letter
 * @param pollInterval   how often the worker looks for due deliveries
 * @param batchSize      deliveries claimed per round at most
 * @param maxConcurrentSends deliveries in flight at once per instance
 * @param connectTimeout connect timeout of a delivery
 * @param readTimeout    how long a receiver may take to answer
 * @param logRetention   how long delivered deliveries and their attempts stay in the log
 * @param maxSubscriptionsPerClient how many subscriptions one client may own
 * @param maxConcurrentSendsPerClient deliveries of one client's subscriptions in flight at once per instance, so a
 *                       slow receiver holds up at most this many of the instance's send slots
 * @param retention      when dead letters and the deliveries of paused subscriptions are purged
 * @param developmentKeyset whether the public development keyset may be used when no keyset is configured: only
 *                       for local stacks and tests, so a production deployment without a keyset refuses to start
 *                       instead of sealing secrets with a key everyone has
 */
@ConfigurationProperties("crm.webhook")
public record WebhookProperties(
        List<String> allowedTargets,
        String secretKey,
        String keyset,
        Duration baseDelay,
        Duration maxDelay,
        Duration retryHorizon,
        Duration pollInterval,
        Integer batchSize,
        Integer maxConcurrentSends,
        Duration connectTimeout,
        Duration readTimeout,
        Duration logRetention,
        Integer maxSubscriptionsPerClient,
        Integer maxConcurrentSendsPerClient,
        Retention retention,
        boolean developmentKeyset) {

    /**
     * @param dead      how long a dead letter stays (from when it died) before it is purged
     * @param paused    how long a pending delivery of a paused subscription stays (from when it was queued)
     * @param batchSize rows deleted per statement, so a purge of millions never holds one long transaction
     */
    public record Retention(Duration dead, Duration paused, Integer batchSize) {

        public Retention {
            dead = dead == null ? Duration.ofDays(30) : dead;
            paused = paused == null ? Duration.ofDays(30) : paused;
            batchSize = batchSize == null ? 5000 : batchSize;
        }
    }

    public WebhookProperties {
        allowedTargets = allowedTargets == null
                ? List.of("https://*")
                : allowedTargets.stream()
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList();
        baseDelay = baseDelay == null ? Duration.ofSeconds(10) : baseDelay;
        maxDelay = maxDelay == null ? Duration.ofHours(1) : maxDelay;
        retryHorizon = retryHorizon == null ? Duration.ofHours(24) : retryHorizon;
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
        batchSize = batchSize == null ? 100 : batchSize;
        maxConcurrentSends = maxConcurrentSends == null ? 200 : maxConcurrentSends;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        readTimeout = readTimeout == null ? Duration.ofSeconds(10) : readTimeout;
        logRetention = logRetention == null ? Duration.ofDays(30) : logRetention;
        maxSubscriptionsPerClient = maxSubscriptionsPerClient == null ? 50 : maxSubscriptionsPerClient;
        maxConcurrentSendsPerClient = maxConcurrentSendsPerClient == null ? 20 : maxConcurrentSendsPerClient;
        retention = retention == null ? new Retention(null, null, null) : retention;
    }

    /** How long a claimed delivery is invisible to other workers: longer than any send can take. */
    public Duration claimLease() {
        return connectTimeout.plus(readTimeout).plusSeconds(30);
    }
}
