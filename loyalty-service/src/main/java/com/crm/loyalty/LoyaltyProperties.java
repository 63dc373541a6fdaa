package com.crm.loyalty;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param pointsValidityMonths how long a lot of points stays valid when the program does not say (default 24)
 * @param expiringSoonDays     the window a member read shows "points expiring soon" for (default 30)
 * @param expiryInterval       how often due lots are expired (default 1 hour)
 * @param expiryBatchSize      members whose due lots one expiry transaction handles (default 1,000)
 * @param levelReviewInterval  how often members past their level review date (and grace) are reviewed (default 1 h)
 * @param levelReviewBatchSize members one review transaction handles (default 1,000)
 * @param maxCouponRecipients  customers one coupon issue may name (default 1,000)
 */
@ConfigurationProperties("crm.loyalty")
public record LoyaltyProperties(
        Integer pointsValidityMonths,
        Integer expiringSoonDays,
        Duration expiryInterval,
        Integer expiryBatchSize,
        Duration levelReviewInterval,
        Integer levelReviewBatchSize,
        Integer maxCouponRecipients) {

    public LoyaltyProperties {
        pointsValidityMonths = pointsValidityMonths == null ? 24 : pointsValidityMonths;
        expiringSoonDays = expiringSoonDays == null ? 30 : expiringSoonDays;
        expiryInterval = expiryInterval == null ? Duration.ofHours(1) : expiryInterval;
        expiryBatchSize = expiryBatchSize == null ? 1000 : expiryBatchSize;
        levelReviewInterval = levelReviewInterval == null ? Duration.ofHours(1) : levelReviewInterval;
        levelReviewBatchSize = levelReviewBatchSize == null ? 1000 : levelReviewBatchSize;
        maxCouponRecipients = maxCouponRecipients == null ? 1000 : maxCouponRecipients;
    }
}
