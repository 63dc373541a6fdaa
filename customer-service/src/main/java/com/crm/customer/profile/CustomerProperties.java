package com.crm.customer.profile;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** @param defaultPhoneRegion ISO 3166 region for phone numbers written without +country (e.g. CN, US, DE) */
@ConfigurationProperties("crm.customer")
public record CustomerProperties(String defaultPhoneRegion) {

    public CustomerProperties {
        defaultPhoneRegion = defaultPhoneRegion == null ? "CN" : defaultPhoneRegion;
    }
}
