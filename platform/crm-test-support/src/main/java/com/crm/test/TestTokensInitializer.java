package com.crm.test;

import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** Makes a Spring test context trust {@link TestTokens}, and nothing else: for apps without a database (the gateway). */
public class TestTokensInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Overrides.apply(
                context,
                "crm-test-tokens",
                Map.of(
                        "spring.security.oauth2.resourceserver.jwt.public-key-location",
                        TestTokens.publicKeyLocation(),
                        // no issuer discovery in tests: tokens are checked against the test key alone
                        "spring.security.oauth2.resourceserver.jwt.issuer-uri",
                        ""));
    }

    /** Adds properties above the application's own, below those the test itself sets. */
    static final class Overrides {
        private Overrides() {}

        static void apply(ConfigurableApplicationContext context, String name, Map<String, Object> properties) {
            var sources = context.getEnvironment().getPropertySources();
            sources.addFirst(new MapPropertySource(name, properties));
            for (String testSource : new String[] {"Dynamic Test Properties", "Inlined Test Properties"}) {
                if (sources.contains(testSource)) {
                    sources.addFirst(sources.remove(testSource));
                }
            }
        }
    }
}
