package com.crm.customer.risk;

import com.crm.customer.risk.model.RiskSettings;
import com.crm.customer.risk.model.SignalKind;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code crm.risk.*}: the model's knobs (see {@link RiskSettings}; unset ones take its defaults) and how the service
 * applies it.
 *
 * @param weights          per signal kind, its noisy-OR weight in [0, 1)
 * @param lookBack         the window purchases and refunds are counted over (default 365 days)
 * @param velocityWindow   refunds within it are recent (default 30 days)
 * @param burstWindow      purchases within it are compared with the customer's own baseline (default 7 days)
 * @param baselineWindow   the baseline before the burst window (default 180 days)
 * @param compensationWindow a refund within it after a complaint counts as its compensation (default 14 days)
 * @param deviceProperty   the custom property holding a device id (default {@code device_id}); no such property, no
 *                         device signal
 * @param clusterCountLimit identifiers are counted up to this many other profiles (default 1000)
 * @param batchSize        customers scored per sweep transaction (default 200)
 * @param peerLimit        profiles per shared identifier marked for rescoring when one of them changes (default 50)
 */
@ConfigurationProperties("crm.risk")
public record RiskProperties(
        Map<SignalKind, Double> weights,
        Double refundRatioFloor,
        Double refundRatioFull,
        Integer minRefunds,
        Integer velocityFree,
        Double velocityScale,
        Integer ringSize,
        Integer burstMinimum,
        Double burstPriorPerWeek,
        Double burstZFloor,
        Double burstZFull,
        Integer complaintFree,
        Double complaintScale,
        Integer pointsDebtFree,
        Double pointsDebtScale,
        Double reviewThreshold,
        Duration lookBack,
        Duration velocityWindow,
        Duration burstWindow,
        Duration baselineWindow,
        Duration compensationWindow,
        String deviceProperty,
        Integer clusterCountLimit,
        Integer batchSize,
        Integer peerLimit) {

    public RiskProperties {
        lookBack = lookBack == null ? Duration.ofDays(365) : lookBack;
        velocityWindow = velocityWindow == null ? Duration.ofDays(30) : velocityWindow;
        burstWindow = burstWindow == null ? Duration.ofDays(7) : burstWindow;
        baselineWindow = baselineWindow == null ? Duration.ofDays(180) : baselineWindow;
        compensationWindow = compensationWindow == null ? Duration.ofDays(14) : compensationWindow;
        deviceProperty = deviceProperty == null || deviceProperty.isBlank() ? "device_id" : deviceProperty.strip();
        clusterCountLimit = clusterCountLimit == null ? 1000 : clusterCountLimit;
        batchSize = batchSize == null ? 200 : batchSize;
        peerLimit = peerLimit == null ? 50 : peerLimit;
        if (batchSize < 1 || batchSize > 5000 || clusterCountLimit < 10 || peerLimit < 1) {
            throw new IllegalArgumentException(
                    "crm.risk: batch-size 1..5000, cluster-count-limit at least 10, peer-limit at least 1");
        }
    }

    RiskSettings settings() {
        RiskSettings d = RiskSettings.DEFAULTS;
        return new RiskSettings(
                weights,
                or(refundRatioFloor, d.refundRatioFloor()),
                or(refundRatioFull, d.refundRatioFull()),
                or(minRefunds, d.minRefunds()),
                or(velocityFree, d.velocityFree()),
                or(velocityScale, d.velocityScale()),
                or(ringSize, d.ringSize()),
                or(burstMinimum, d.burstMinimum()),
                (int) burstWindow.toDays(),
                or(burstPriorPerWeek, d.burstPriorPerWeek()),
                or(burstZFloor, d.burstZFloor()),
                or(burstZFull, d.burstZFull()),
                or(complaintFree, d.complaintFree()),
                or(complaintScale, d.complaintScale()),
                or(pointsDebtFree, d.pointsDebtFree()),
                or(pointsDebtScale, d.pointsDebtScale()),
                or(reviewThreshold, d.reviewThreshold()));
    }

    private static <T> T or(T value, T otherwise) {
        return value == null ? otherwise : value;
    }
}
