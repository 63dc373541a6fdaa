package com.crm.feedback.invitation;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;

/** Client-credentials tokens for calls to other services, outside any user request (cached until they expire). */
@Configuration(proxyBeanMethods = false)
class OAuth2ClientConfiguration {

    @Bean
    OAuth2AuthorizedClientManager serviceTokenManager(
            ClientRegistrationRepository registrations, OAuth2AuthorizedClientService clients) {
        return new AuthorizedClientServiceOAuth2AuthorizedClientManager(registrations, clients);
    }
}
