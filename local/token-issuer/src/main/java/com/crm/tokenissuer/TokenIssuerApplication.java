package com.crm.tokenissuer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Development identity provider for the local stack (Keycloak or Entra ID in production): issues
 * client-credentials JWTs to integrated systems and signs people in with the authorization code flow
 * and PKCE (public client {@code crm-web}, Spring's login page), putting {@code crm_role},
 * {@code crm_team} and the audience {@code crm-api} into their tokens. Clients, people, scopes and
 * lifetimes come from {@code application.yml}; people and teams change through {@code /admin} and
 * live in memory (a restart resets them). Tokens are signed with a key generated at start and
 * published at {@code /oauth2/jwks}.
 */
@SpringBootApplication
public class TokenIssuerApplication {

    public static void main(String[] args) {
        SpringApplication.run(TokenIssuerApplication.class, args);
    }
}
