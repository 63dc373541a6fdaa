package com.crm.tokenissuer.people;

import java.util.List;
import java.util.Set;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;

/**
 * A person is authorized the scopes their role allows, whatever the sign-in request asked for ({@link Role#cap}):
 * an agent asking for {@code crm.admin} gets {@code crm.read crm.write}; one asking for none gets their role's.
 * So the token response's {@code scope} says what the token holds. Requests before sign-in pass unchanged.
 */
public final class RoleScopesAuthenticationProvider implements AuthenticationProvider {

    private final AuthenticationProvider delegate;
    private final PeopleDirectory directory;

    private RoleScopesAuthenticationProvider(AuthenticationProvider delegate, PeopleDirectory directory) {
        this.delegate = delegate;
        this.directory = directory;
    }

    /** Wraps the authorization endpoint's request provider. */
    public static void wrapAuthorizationRequestProvider(
            List<AuthenticationProvider> providers, PeopleDirectory directory) {
        providers.replaceAll((provider) -> (provider instanceof OAuth2AuthorizationCodeRequestAuthenticationProvider)
                ? new RoleScopesAuthenticationProvider(provider, directory)
                : provider);
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        if (authentication instanceof OAuth2AuthorizationCodeRequestAuthenticationToken request
                && request.getPrincipal() instanceof Authentication user
                && user.isAuthenticated()) {
            var person = this.directory.person(user.getName());
            if (person.isPresent()) {
                Set<String> capped = person.get().role().cap(request.getScopes());
                if (!capped.equals(request.getScopes())) {
                    var narrowed = new OAuth2AuthorizationCodeRequestAuthenticationToken(
                            request.getAuthorizationUri(),
                            request.getClientId(),
                            user,
                            request.getRedirectUri(),
                            request.getState(),
                            capped,
                            request.getAdditionalParameters());
                    narrowed.setDetails(request.getDetails());
                    return this.delegate.authenticate(narrowed);
                }
            }
        }
        return this.delegate.authenticate(authentication);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return this.delegate.supports(authentication);
    }
}
