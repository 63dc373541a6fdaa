package com.crm.support.web;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * @param maxBodySize   largest request body accepted; batch endpoints of 1,000 records fit in the default
 * @param streamedPaths path patterns whose endpoints stream the body and bound it themselves (file uploads of bulk
 *     import jobs), so the limit above does not apply to them
 * @param maxUriLength  longest request target (path and query, as sent) accepted; longer ones get a 414 problem
 */
@ConfigurationProperties("crm.http")
public record CrmWebProperties(DataSize maxBodySize, List<String> streamedPaths, Integer maxUriLength) {

    public CrmWebProperties {
        maxBodySize = maxBodySize == null ? DataSize.ofMegabytes(4) : maxBodySize;
        streamedPaths = streamedPaths == null ? List.of() : List.copyOf(streamedPaths);
        maxUriLength = maxUriLength == null ? 8192 : maxUriLength;
    }
}
