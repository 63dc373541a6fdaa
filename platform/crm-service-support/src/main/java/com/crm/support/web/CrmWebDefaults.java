package com.crm.support.web;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Web server defaults shared by every service and the gateway, added as the last property source so a service's own
 * configuration and its environment still win. Tomcat's request header limit (8 KB by default) is raised well above
 * {@code crm.http.max-uri-length}: a request line over Tomcat's limit is answered by closing the connection with the
 * request half read, which a client may see as a reset rather than an answer; under it, {@link RequestUriLimitFilter}
 * answers with a problem.
 */
public class CrmWebDefaults implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE = "crmWebDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment
                .getPropertySources()
                .addLast(new MapPropertySource(SOURCE, Map.of("server.max-http-request-header-size", "64KB")));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
