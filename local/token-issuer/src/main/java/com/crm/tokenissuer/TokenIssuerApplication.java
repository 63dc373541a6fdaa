package com.crm.tokenissuer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Development OAuth2 authorization server for the local stack: issues client-credentials JWTs
 * (clients, scopes and lifetimes come from {@code application.yml}), signs them with a key
 * generated at start and publishes it at {@code /oauth2/jwks}.
 */
@SpringBootApplication
public class TokenIssuerApplication {

    public static void main(String[] args) {
        SpringApplication.run(TokenIssuerApplication.class, args);
    }
}
