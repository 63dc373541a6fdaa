package com.crm.segmentation;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Model and rule settings ({@code crm.segmentation.*}); see README for their meaning. Days for windows, periods
 * ({@code periodDays} long, weeks by default) for the value models.
 */
@ConfigurationProperties("crm.segmentation")
public record SegmentationProperties(
        Integer periodDays,
        Integer clvHorizonPeriods,
        Double annualDiscountRate,
        Double tierSPercentile,
        Double tierAPercentile,
        Double tierBPercentile,
        Integer newDays,
        Double decliningPAlive,
        Double churnedPAlive,
        Integer maturePurchaseDays,
        Integer recentWindowDays,
        Integer decliningDays,
        Integer churnedDays,
        Integer clvStepPeriods,
        Integer fitSampleSize,
        Integer writeParallelism) {

    public SegmentationProperties {
        periodDays = periodDays == null ? 7 : periodDays;
        clvHorizonPeriods = clvHorizonPeriods == null ? 52 : clvHorizonPeriods;
        annualDiscountRate = annualDiscountRate == null ? 0.10 : annualDiscountRate;
        tierSPercentile = tierSPercentile == null ? 0.95 : tierSPercentile;
        tierAPercentile = tierAPercentile == null ? 0.80 : tierAPercentile;
        tierBPercentile = tierBPercentile == null ? 0.50 : tierBPercentile;
        newDays = newDays == null ? 90 : newDays;
        decliningPAlive = decliningPAlive == null ? 0.5 : decliningPAlive;
        churnedPAlive = churnedPAlive == null ? 0.2 : churnedPAlive;
        maturePurchaseDays = maturePurchaseDays == null ? 5 : maturePurchaseDays;
        recentWindowDays = recentWindowDays == null ? 90 : recentWindowDays;
        decliningDays = decliningDays == null ? 180 : decliningDays;
        churnedDays = churnedDays == null ? 365 : churnedDays;
        clvStepPeriods = clvStepPeriods == null ? 4 : clvStepPeriods;
        fitSampleSize = fitSampleSize == null ? 200_000 : fitSampleSize;
        writeParallelism = writeParallelism == null ? 2 : writeParallelism;
        if (writeParallelism < 1) {
            throw new IllegalArgumentException(
                    "crm.segmentation.write-parallelism must be at least 1, not " + writeParallelism);
        }
    }
}
