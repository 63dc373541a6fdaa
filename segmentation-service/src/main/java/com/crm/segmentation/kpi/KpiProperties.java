package com.crm.segmentation.kpi;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * KPI watch ({@code crm.segmentation.kpis.*}): a day's band is median ± max(k · 1.4826 · MAD, floor) of the same
 * weekday over the last {@code weeks} weeks; at least {@code minHistory} of those days must have a value.
 */
@ConfigurationProperties("crm.segmentation.kpis")
public record KpiProperties(
        Double k,
        Integer weeks,
        Integer minHistory,
        Double minCountWidth,
        Double minRelativeWidth,
        Integer activeWindowDays,
        String cron) {

    public KpiProperties {
        k = k == null ? 3.0 : k;
        weeks = weeks == null ? 8 : weeks;
        minHistory = minHistory == null ? 4 : minHistory;
        minCountWidth = minCountWidth == null ? 1.0 : minCountWidth;
        minRelativeWidth = minRelativeWidth == null ? 0.05 : minRelativeWidth;
        activeWindowDays = activeWindowDays == null ? 30 : activeWindowDays;
        cron = cron == null ? "0 15 0 * * *" : cron;
    }
}
