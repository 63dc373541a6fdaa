package com.crm.segmentation.offer;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Next best offer ({@code crm.segmentation.offers.*}): rule thresholds of each full run, and the exclusion windows.
 */
@ConfigurationProperties("crm.segmentation.offers")
public record OfferProperties(
        Double minSupport,
        Double minConfidence,
        Double minLift,
        Integer boughtExclusionDays,
        Integer declineWindowDays,
        Integer defaultLimit) {

    public OfferProperties {
        minSupport = minSupport == null ? 0.01 : minSupport;
        minConfidence = minConfidence == null ? 0.1 : minConfidence;
        minLift = minLift == null ? 1.0 : minLift;
        boughtExclusionDays = boughtExclusionDays == null ? 365 : boughtExclusionDays;
        declineWindowDays = declineWindowDays == null ? 90 : declineWindowDays;
        defaultLimit = defaultLimit == null ? 5 : defaultLimit;
    }
}
