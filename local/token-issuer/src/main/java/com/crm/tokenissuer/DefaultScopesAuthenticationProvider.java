package com.crm.tokenissuer;

import java.util.List;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationToken;

/**
 * A client-credentials request without a {@code scope} parameter gets every scope registered for
 * the client (RFC 6749 section 3.3 lets the server apply a pre-defined default). Spring
 * Authorization Server alone would issue a token with no scope at all. A request that names scopes
 * is passed on unchanged, so it can still narrow them and unknown scopes are still refused.
 */
final class DefaultScopesAuthenticationProvider implements AuthenticationProvider {

    private final AuthenticationProvider delegate;

    private DefaultScopesAuthenticationProvider(AuthenticationProvider delegate) {
        this.delegate = delegate;
    }

    /** Wraps the client-credentials provider in the token endpoint's provider list. */
    static void wrapClientCredentialsProvider(List<AuthenticationProvider> providers) {
        providers.replaceAll((provider) -> (provider instanceof OAuth2ClientCredentialsAuthenticationProvider)
                ? new DefaultScopesAuthenticationProvider(provider)
                : provider);
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        if (authentication instanceof OAuth2ClientCredentialsAuthenticationToken request
                && request.getScopes().isEmpty()
                && request.getPrincipal() instanceof OAuth2ClientAuthenticationToken client
                && client.getRegisteredClient() != null) {
            var withDefaults = new OAuth2ClientCredentialsAuthenticationToken(
                    client, client.getRegisteredClient().getScopes(), request.getAdditionalParameters());
            withDefaults.setDetails(request.getDetails());
            return this.delegate.authenticate(withDefaults);
        }
        return this.delegate.authenticate(authentication);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return this.delegate.supports(authentication);
    }
}
