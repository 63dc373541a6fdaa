package com.crm.feedback;

import java.time.Duration;
import java.time.Period;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param interactionServiceUri where interaction-service's contact check is asked
 * @param invitationTtl         how long an invitation's token stays valid
 * @param dispatchInterval      how often pending and deferred invitations are (re)considered
 * @param deferDelay            how long an invitation waits when interaction-service cannot answer
 * @param slaCheckInterval      how often complaints are checked for SLA breaches
 * @param complaintSla          SLA (time to resolve) per severity
 * @param answerRateLimit       answers per client address and period on the public answer endpoint
 */
@ConfigurationProperties("crm.feedback")
public record FeedbackProperties(
        String interactionServiceUri,
        Period invitationTtl,
        Duration dispatchInterval,
        Duration deferDelay,
        Duration slaCheckInterval,
        Map<Severity, Duration> complaintSla,
        RateLimit answerRateLimit) {

    public enum Severity {
        LOW,
        MEDIUM,
        HIGH,
        CRITICAL
    }

    /**
     * @param limitForPeriod answers per client address and period
     * @param period         the period
     * @param maxClients     client addresses remembered at most (the least recently seen are forgotten first), so a
     *                       flood of addresses cannot grow the store without bound
     * @param trustedProxies a regular expression of the addresses whose {@code X-Forwarded-For} is believed (the
     *                       gateway's); the client address is the rightmost forwarded address that is not one of
     *                       them. Any other peer's forwarded headers are ignored.
     */
    public record RateLimit(Integer limitForPeriod, Duration period, Integer maxClients, String trustedProxies) {

        /** Loopback and private networks: the gateway in front of the service, never a client on the internet. */
        public static final String PRIVATE_NETWORKS = "127\\..*|0:0:0:0:0:0:0:1|::1|10\\..*|192\\.168\\..*"
                + "|172\\.(1[6-9]|2[0-9]|3[01])\\..*|f[cd][0-9a-f]{2}:.*";

        public RateLimit {
            limitForPeriod = limitForPeriod == null ? 10 : limitForPeriod;
            period = period == null ? Duration.ofMinutes(1) : period;
            maxClients = maxClients == null ? 100_000 : maxClients;
            trustedProxies = trustedProxies == null ? PRIVATE_NETWORKS : trustedProxies;
        }
    }

    public FeedbackProperties {
        interactionServiceUri = interactionServiceUri == null ? "http://localhost:8082" : interactionServiceUri;
        invitationTtl = invitationTtl == null ? Period.ofDays(14) : invitationTtl;
        dispatchInterval = dispatchInterval == null ? Duration.ofSeconds(30) : dispatchInterval;
        deferDelay = deferDelay == null ? Duration.ofMinutes(5) : deferDelay;
        slaCheckInterval = slaCheckInterval == null ? Duration.ofMinutes(1) : slaCheckInterval;
        Map<Severity, Duration> sla = new EnumMap<>(Map.of(
                Severity.LOW,
                Duration.ofDays(5),
                Severity.MEDIUM,
                Duration.ofDays(2),
                Severity.HIGH,
                Duration.ofHours(24),
                Severity.CRITICAL,
                Duration.ofHours(4)));
        if (complaintSla != null) {
            sla.putAll(complaintSla);
        }
        complaintSla = Map.copyOf(sla);
        answerRateLimit = answerRateLimit == null ? new RateLimit(null, null, null, null) : answerRateLimit;
    }

    public Duration slaFor(Severity severity) {
        return complaintSla.get(severity);
    }
}
