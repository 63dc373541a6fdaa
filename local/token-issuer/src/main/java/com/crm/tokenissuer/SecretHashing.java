package com.crm.tokenissuer;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Client secrets arrive as plain values (environment variables with local defaults). Before Boot
 * turns the bound properties into registered clients, every secret without an
 * {@code {id}} prefix is replaced by its {@code {bcrypt}} hash, so the repository never holds a
 * plain secret. A value that already carries a prefix ({@code {bcrypt}...}, {@code {noop}...}) is
 * kept as it is, so a pre-hashed secret can be supplied too.
 */
@Configuration(proxyBeanMethods = false)
class SecretHashing {

    @Bean
    static BeanPostProcessor clientSecretHashingPostProcessor() {
        return new BeanPostProcessor() {

            private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();

            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
                if (bean instanceof OAuth2AuthorizationServerProperties properties) {
                    properties.getClient().values().forEach((client) -> {
                        var registration = client.getRegistration();
                        String secret = registration.getClientSecret();
                        if (secret != null && !secret.startsWith("{")) {
                            registration.setClientSecret(this.encoder.encode(secret));
                        }
                    });
                }
                return bean;
            }
        };
    }
}
