package com.crm.tokenissuer.people;

import java.util.List;
import java.util.Set;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * What the platform reads from a token:
 *
 * <ul>
 *   <li>every access token: {@code aud} = the API's audience ({@code crm-api}), which every service checks;
 *   <li>a person's tokens (authorization code flow): {@code sub} = username, {@code preferred_username},
 *       {@code crm_role}, {@code crm_team} (absent when they have none); in the access token, {@code scope} capped
 *       by their role ({@link Role#cap}). Read from the directory when the token is made, so a changed role or team
 *       counts from the next token on, and a person removed or disabled since signing in gets none.
 * </ul>
 */
public final class PersonTokenClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

    public static final String ROLE = "crm_role";
    public static final String TEAM = "crm_team";
    public static final String USERNAME = "preferred_username";

    private final PeopleDirectory directory;
    private final String audience;

    public PersonTokenClaims(PeopleDirectory directory, String audience) {
        this.directory = directory;
        this.audience = audience;
    }

    @Override
    public void customize(JwtEncodingContext context) {
        boolean accessToken = OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType());
        boolean idToken =
                OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue());
        if (accessToken) {
            context.getClaims().audience(List.of(this.audience));
        }
        Authentication principal = context.getPrincipal();
        if (!(accessToken || idToken) || !isPerson(context, principal)) {
            return;
        }
        Person person = this.directory
                .person(principal.getName())
                .filter(Person::enabled)
                .orElseThrow(() -> new OAuth2AuthenticationException(new OAuth2Error(
                        OAuth2ErrorCodes.INVALID_GRANT, "The person who signed in is no longer enabled", null)));
        context.getClaims()
                .subject(person.username())
                .claim(USERNAME, person.username())
                .claims((claims) -> {
                    claims.put(ROLE, person.role().claimValue());
                    if (person.team() != null) {
                        claims.put(TEAM, person.team());
                    } else {
                        claims.remove(TEAM);
                    }
                });
        if (accessToken) {
            Set<String> scopes = person.role().cap(context.getAuthorizedScopes());
            context.getClaims().claim("scope", scopes);
        }
    }

    /** A person signed in (authorization code, or a refresh of it), not a client acting for itself. */
    private static boolean isPerson(JwtEncodingContext context, Authentication principal) {
        AuthorizationGrantType grant = context.getAuthorizationGrantType();
        return (AuthorizationGrantType.AUTHORIZATION_CODE.equals(grant)
                        || AuthorizationGrantType.REFRESH_TOKEN.equals(grant))
                && principal instanceof AbstractAuthenticationToken
                && !(principal instanceof OAuth2ClientAuthenticationToken);
    }
}
