package com.crm.support.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class CrmObservabilityDefaultsTest {

    private final CrmObservabilityDefaults defaults = new CrmObservabilityDefaults();

    @Test
    void exposesPrometheusAndHealthGroupsWhenTheServiceSaysNothing() {
        var env = new StandardEnvironment();
        defaults.postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getProperty("management.endpoints.web.exposure.include")).isEqualTo("health,info,prometheus");
        assertThat(env.getProperty("management.endpoint.health.group.readiness.include"))
                .isEqualTo("readinessState,db");
        assertThat(env.getProperty("management.endpoint.health.group.dependencies.include"))
                .isEqualTo("db,kafka");
    }

    @Test
    void serviceConfigurationWinsOverTheDefaults() {
        var env = new StandardEnvironment();
        env.getPropertySources()
                .addFirst(new MapPropertySource(
                        "applicationConfig",
                        Map.of("management.endpoint.health.group.readiness.include", "readinessState")));
        defaults.postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getProperty("management.endpoint.health.group.readiness.include"))
                .isEqualTo("readinessState");
        assertThat(env.getPropertySources().stream()
                        .reduce((a, b) -> b)
                        .orElseThrow()
                        .getName())
                .isEqualTo(CrmObservabilityDefaults.DEFAULTS);
    }

    @Test
    void addsPrometheusToTheExposureAServiceConfigures() {
        var env = new StandardEnvironment();
        env.getPropertySources()
                .addFirst(new MapPropertySource(
                        "applicationConfig", Map.of("management.endpoints.web.exposure.include", "health,info")));
        defaults.postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getProperty("management.endpoints.web.exposure.include")).isEqualTo("health,info,prometheus");
    }

    @Test
    void leavesTheExposureAloneWhenOptedOut() {
        var env = new StandardEnvironment();
        env.getPropertySources()
                .addFirst(new MapPropertySource(
                        "applicationConfig",
                        Map.of(
                                "management.endpoints.web.exposure.include", "health",
                                "crm.observability.expose-prometheus", "false")));
        defaults.postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getProperty("management.endpoints.web.exposure.include")).isEqualTo("health");
    }

    @Test
    void pushesMetricsOverOtlpOnlyWhenAReceiverIsNamed() {
        var quiet = new StandardEnvironment();
        defaults.postProcessEnvironment(quiet, new SpringApplication());
        assertThat(quiet.getProperty(CrmObservabilityDefaults.OTLP_METRICS_ENABLED))
                .isEqualTo("false");

        var named = new StandardEnvironment();
        named.getPropertySources()
                .addFirst(new MapPropertySource(
                        "applicationConfig",
                        Map.of("management.otlp.metrics.export.url", "http://collector:4318/v1/metrics")));
        defaults.postProcessEnvironment(named, new SpringApplication());
        assertThat(named.getProperty(CrmObservabilityDefaults.OTLP_METRICS_ENABLED))
                .isEqualTo("true");

        var overridden = new StandardEnvironment();
        overridden
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "applicationConfig", Map.of(CrmObservabilityDefaults.OTLP_METRICS_ENABLED, "true")));
        defaults.postProcessEnvironment(overridden, new SpringApplication());
        assertThat(overridden.getProperty(CrmObservabilityDefaults.OTLP_METRICS_ENABLED))
                .isEqualTo("true");
    }
}
