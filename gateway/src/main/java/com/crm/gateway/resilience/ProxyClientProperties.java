package com.crm.gateway.resilience;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The connection pool of the gateway's HTTP client to the services. Apache HttpClient's own defaults (5 connections
 * per service, 25 in all) would make the sixth concurrent call to one service wait for a connection, whatever the
 * service could take: a few slow batch calls would hold up every other caller of that service.
 *
 * @param maxConnectionsPerRoute concurrent calls to one service (one route target)
 * @param maxConnections         concurrent calls to all services together
 */
@ConfigurationProperties("crm.gateway.http-client")
public record ProxyClientProperties(
        @DefaultValue("200") int maxConnectionsPerRoute,
        @DefaultValue("1000") int maxConnections) {}
