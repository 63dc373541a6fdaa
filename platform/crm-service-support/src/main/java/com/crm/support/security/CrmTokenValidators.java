package com.crm.support.security;

import java.util.List;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Checks every service makes on a token beyond signature, issuer and time (Spring Boot adds beans of type
 * {@code OAuth2TokenValidator<Jwt>} to the resource server's decoder). A refused token is a {@code 401}.
 */
public final class CrmTokenValidators {

    private CrmTokenValidators() {}

    /** The token was issued for this API: its {@code aud} claim names {@code audience}. */
    public static OAuth2TokenValidator<Jwt> audience(String audience) {
        return jwt -> {
            List<String> audiences = jwt.getAudience();
            if (audiences != null && audiences.contains(audience)) {
                return OAuth2TokenValidatorResult.success();
            }
            return OAuth2TokenValidatorResult.failure(new OAuth2Error(
                    OAuth2ErrorCodes.INVALID_TOKEN, "The token's audience (aud) does not name " + audience, null));
        };
    }

    /** The token names a valid actor ({@link CrmActor#from}): a person's token has a known role and a subject. */
    public static OAuth2TokenValidator<Jwt> actor() {
        return jwt -> {
            try {
                CrmActor.from(jwt);
                return OAuth2TokenValidatorResult.success();
            } catch (CrmActor.InvalidActorException e) {
                return OAuth2TokenValidatorResult.failure(new OAuth2Error(
                        OAuth2ErrorCodes.INVALID_TOKEN, "The token names no valid actor: " + e.getMessage(), null));
            }
        };
    }
}
