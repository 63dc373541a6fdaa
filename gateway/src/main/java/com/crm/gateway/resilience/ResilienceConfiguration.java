package com.crm.gateway.resilience;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.cloud.gateway.server.mvc.filter.FilterSupplier;
import org.springframework.cloud.gateway.server.mvc.filter.SimpleFilterSupplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the {@code CrmResilience} route filter and its per-route circuit breakers. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ResilienceProperties.class, ProxyClientProperties.class})
class ResilienceConfiguration {

    @Bean
    RouteResilience routeResilience(ResilienceProperties properties) {
        return new RouteResilience(properties);
    }

    /**
     * The HTTP client Boot builds for the gateway (Apache HttpClient 5): per-route read timeouts and a connection
     * pool sized for a proxy ({@link ProxyClientProperties}).
     */
    @Bean
    ClientHttpRequestFactoryBuilderCustomizer<HttpComponentsClientHttpRequestFactoryBuilder> proxyClient(
            ProxyClientProperties pool) {
        return builder -> builder.withHttpClientCustomizer(RouteTimeouts::install)
                .withConnectionManagerCustomizer(connections -> connections
                        .setMaxConnPerRoute(pool.maxConnectionsPerRoute())
                        .setMaxConnTotal(pool.maxConnections()));
    }

    @Bean
    ReplayableBodyFilter replayableBodyFilter() {
        return new ReplayableBodyFilter();
    }

    @Bean
    FilterSupplier crmResilienceFilterSupplier() {
        return new SimpleFilterSupplier(ResilienceFilterFunctions.class);
    }
}
