package com.crm.customer.overview;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param timelineSize how many of the latest interactions the overview shows (and the projection keeps per customer)
 * @param dueSoon      an open complaint whose SLA deadline is nearer than this reads {@code DUE_SOON}
 */
@ConfigurationProperties("crm.overview")
public record OverviewProperties(Integer timelineSize, Duration dueSoon) {

    public OverviewProperties {
        timelineSize = timelineSize == null ? 10 : timelineSize;
        dueSoon = dueSoon == null ? Duration.ofHours(4) : dueSoon;
        if (timelineSize < 1 || timelineSize > 100) {
            throw new IllegalArgumentException("crm.overview.timeline-size must be between 1 and 100");
        }
    }
}
