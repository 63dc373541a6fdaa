package com.crm.support.observability;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Observability defaults shared by every service and the gateway, added as the LAST property source so a
 * service's own {@code application.yml}, its environment variables and its arguments all still win.
 * <ul>
 *   <li>health groups: {@code liveness} = the application's own state only; {@code readiness} = its state and
 *   PostgreSQL ({@code db}, where the service has one); {@code dependencies} = PostgreSQL and Kafka. Kafka is
 *   deliberately not in readiness: writes go to the outbox and reach Kafka when it is back, so a broker outage
 *   must not take every replica out of its Service.</li>
 *   <li>metrics tagged with the application name, HTTP latency histograms, observations for Kafka templates and
 *   listener factories that Boot builds (the platform's own event consumers and outbox relay are built in
 *   {@code platform/}: consumer client metrics, lag included, come from there).</li>
 *   <li>Spring Security's own observations are off ({@code management.observations.enable.spring.security}).</li>
 *   <li>the {@code prometheus} endpoint is added to whatever web exposure the service configures (opt out with
 *   {@code crm.observability.expose-prometheus=false}). Traces are exported over OTLP only when
 *   {@code management.opentelemetry.tracing.export.otlp.endpoint} is set, metrics only when
 *   {@code management.otlp.metrics.export.url} (or {@code OTEL_EXPORTER_OTLP_[METRICS_]ENDPOINT}) is.</li>
 * </ul>
 * JSON logs are Boot's own: {@code LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs} (set in the images); they carry the
 * MDC ({@code requestId}, {@code traceId}, {@code spanId}).
 */
public class CrmObservabilityDefaults implements EnvironmentPostProcessor, Ordered {

    static final String DEFAULTS = "crmObservabilityDefaults";
    static final String EXPOSURE = "crmObservabilityExposure";
    static final String EXPOSURE_INCLUDE = "management.endpoints.web.exposure.include";

    static final String OTLP_METRICS_ENABLED = "management.otlp.metrics.export.enabled";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put(EXPOSURE_INCLUDE, "health,info,prometheus");
        defaults.put("management.endpoint.health.probes.enabled", "true");
        // groups name contributors that only some services have (the gateway has no database)
        defaults.put("management.endpoint.health.validate-group-membership", "false");
        defaults.put("management.endpoint.health.group.liveness.include", "livenessState");
        defaults.put("management.endpoint.health.group.readiness.include", "readinessState,db");
        defaults.put("management.endpoint.health.group.dependencies.include", "db,kafka");
        defaults.put("management.endpoint.health.group.dependencies.show-components", "always");
        defaults.put("management.metrics.tags.application", "${spring.application.name:crm}");
        defaults.put("management.metrics.distribution.percentiles-histogram.http.server.requests", "true");
        defaults.put("management.tracing.sampling.probability", "${CRM_TRACING_SAMPLING_PROBABILITY:0.1}");
        // one observation per security filter, authentication and authorization of every request: a large share of
        // a proxied request's CPU at the gateway, and spans nobody reads (the HTTP server span covers the request)
        defaults.put("management.observations.enable.spring.security", "false");
        // Boot 4 pushes metrics over OTLP to localhost:4318 every minute as soon as the registry is on the class path
        // (it comes with the OpenTelemetry starter, for traces): metrics are scraped from /actuator/prometheus, so
        // the push is on only where a receiver is named. Unnamed, it failed every minute, and at shutdown it sampled
        // every gauge (the outbox backlog is a query) after the database had gone, holding the JVM's exit.
        defaults.put(OTLP_METRICS_ENABLED, String.valueOf(otlpMetricsReceiverNamed(environment)));
        defaults.put("spring.kafka.template.observation-enabled", "true");
        defaults.put("spring.kafka.listener.observation-enabled", "true");
        environment.getPropertySources().addLast(new MapPropertySource(DEFAULTS, defaults));

        String include = environment.getProperty(EXPOSURE_INCLUDE, "");
        boolean expose = environment.getProperty("crm.observability.expose-prometheus", Boolean.class, true);
        if (expose && !include.isBlank()) {
            Set<String> ids = new LinkedHashSet<>(Arrays.stream(include.split(","))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .toList());
            if (!ids.contains("*") && ids.add("prometheus")) {
                environment
                        .getPropertySources()
                        .addFirst(new MapPropertySource(EXPOSURE, Map.of(EXPOSURE_INCLUDE, String.join(",", ids))));
            }
        }
    }

    private static boolean otlpMetricsReceiverNamed(ConfigurableEnvironment environment) {
        return environment.containsProperty("management.otlp.metrics.export.url")
                || environment.containsProperty("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT")
                || environment.containsProperty("OTEL_EXPORTER_OTLP_ENDPOINT");
    }

    /** After the config data (application.yml) is loaded, so the exposure it names can be extended. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
