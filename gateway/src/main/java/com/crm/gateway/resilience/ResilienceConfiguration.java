package com.crm.gateway.resilience;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.server.mvc.filter.FilterSupplier;
import org.springframework.cloud.gateway.server.mvc.filter.SimpleFilterSupplier;
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

    @Bean
    ReplayableBodyFilter replayableBodyFilter() {
        return new ReplayableBodyFilter();
    }

    @Bean
    FilterSupplier crmResilienceFilterSupplier() {
        return new SimpleFilterSupplier(ResilienceFilterFunctions.class);
    }
}
