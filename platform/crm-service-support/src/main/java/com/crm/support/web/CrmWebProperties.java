package com.crm.support.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** @param maxBodySize largest request body accepted; batch endpoints of 1,000 records fit in the default */
@ConfigurationProperties("crm.http")
public record CrmWebProperties(DataSize maxBodySize) {

    public CrmWebProperties {
        maxBodySize = maxBodySize == null ? DataSize.ofMegabytes(4) : maxBodySize;
    }
}
