package com.crm.webhook;

import com.crm.support.security.CrmScopes;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who calls the webhook API, read from the bearer token in the security context: the client that owns what it
 * creates (the token's {@code client_id} claim, else its {@code sub}), and whether it acts on everything (scope
 * {@code crm.admin}). The only place webhook-service reads its actor, so it can give way to the platform's shared
 * one.
 *
 * @param clientId the calling client; owner of the subscriptions it creates
 * @param admin    true for {@code crm.admin}: sees and acts on every client's subscriptions
 */
public record WebhookCaller(String clientId, boolean admin) {

    /**
     * The caller of the current request; 401 (never reached behind the resource server) without a token, 403 for a
     * token that names no client.
     */
    public static WebhookCaller current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof Jwt jwt) {
            String client = jwt.getClaimAsString("client_id");
            boolean admin = authentication.getAuthorities().stream()
                    .anyMatch(a -> CrmScopes.ADMIN_AUTHORITY.equals(a.getAuthority()));
            client = client != null ? client : jwt.getSubject();
            if (client == null || client.isBlank()) {
                // without a client there is no owner to limit the queries to: refused, never "everything"
                throw new AccessDeniedException("the token names no client (client_id or sub)");
            }
            return new WebhookCaller(client, admin);
        }
        throw new AuthenticationCredentialsNotFoundException("a bearer token is required");
    }

    /**
     * The owner a query is limited to: this client, or null for an admin, who sees every client's. Another
     * client's subscription, delivery or dead letter is then simply not found (404), never listed or counted.
     */
    public String ownerFilter() {
        return admin ? null : clientId;
    }
}
