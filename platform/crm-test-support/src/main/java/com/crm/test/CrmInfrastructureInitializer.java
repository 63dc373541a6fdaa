package com.crm.test;

import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Points a Spring test context at the shared PostgreSQL (a fresh database of its own) and Kafka, and makes it
 * trust {@link TestTokens}. These override the application's own defaults, while properties the test sets
 * itself (e.g. another Kafka address) still win.
 */
public class CrmInfrastructureInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        new TestTokensInitializer().initialize(context);
        CrmInfrastructure infra = CrmInfrastructure.get();
        String app = context.getEnvironment().getProperty("spring.application.name", "crm");
        CrmInfrastructure.Database db = infra.newDatabase(app + "_test");
        TestTokensInitializer.Overrides.apply(
                context,
                "crm-test-infrastructure",
                Map.of(
                        "spring.datasource.url", db.jdbcUrl(),
                        "spring.datasource.username", db.username(),
                        "spring.datasource.password", db.password(),
                        "spring.kafka.bootstrap-servers", infra.kafkaBootstrap(),
                        "crm.outbox.poll-interval", "100ms"));
    }
}
