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

    public record RateLimit(Integer limitForPeriod, Duration period) {
        public RateLimit {
            limitForPeriod = limitForPeriod == null ? 10 : limitForPeriod;
            period = period == null ? Duration.ofMinutes(1) : period;
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
        answerRateLimit = answerRateLimit == null ? new RateLimit(null, null) : answerRateLimit;
    }

    public Duration slaFor(Severity severity) {
        return complaintSla.get(severity);
    }
}
