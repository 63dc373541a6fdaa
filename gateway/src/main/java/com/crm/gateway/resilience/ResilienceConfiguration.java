package com.crm.gateway.resilience;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.server.mvc.filter.FilterSupplier;
import org.springframework.cloud.gateway.server.mvc.filter.SimpleFilterSupplier;
import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the {@code CrmResilience} route filter and its per-route circuit breakers. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ResilienceProperties.class)
class ResilienceConfiguration {

    @Bean
    RouteResilience routeResilience(ResilienceProperties properties) {
        return new RouteResilience(properties);
    }

    /** Per-route read timeouts on the HTTP client Boot builds for the gateway (Apache HttpClient 5). */
    @Bean
    ClientHttpRequestFactoryBuilderCustomizer<HttpComponentsClientHttpRequestFactoryBuilder> routeTimeouts() {
        return builder -> builder.withHttpClientCustomizer(RouteTimeouts::install);
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
