package com.crm.interaction;

import java.time.Duration;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param defaultTimeZone zone quiet hours are read in when the customer's profile has none
 * @param policyHorizon   outbound interactions that occurred longer ago than this are history (e.g. imported
 *                        call-centre logs) and are recorded without a policy check
 */
@ConfigurationProperties("crm.interaction")
public record InteractionProperties(ZoneId defaultTimeZone, Duration policyHorizon) {

    public InteractionProperties {
        defaultTimeZone = defaultTimeZone == null ? ZoneId.of("Asia/Shanghai") : defaultTimeZone;
        policyHorizon = policyHorizon == null ? Duration.ofHours(1) : policyHorizon;
    }
}
