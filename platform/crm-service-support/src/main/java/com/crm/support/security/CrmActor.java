package com.crm.support.security;

import com.crm.contracts.events.ActorRef;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who is calling, read from the validated access token; the actor of every change comes from here, never from a
 * request body.
 *
 * <ul>
 *   <li>A person's token (authorization code flow) carries {@code crm_role} ({@code agent}, {@code manager},
 *       {@code admin}) and usually {@code crm_team}: {@link Kind#USER}, {@code id} = {@code sub}, {@code name} =
 *       {@code preferred_username} (else {@code sub}).
 *   <li>Any other token is an integrated system's (client credentials): {@link Kind#CLIENT}, {@code id} =
 *       {@code client_id}, else {@code azp}, else {@code sub}; its role is {@link CrmRole#ADMIN} when it holds
 *       {@code crm.admin}, else {@link CrmRole#CLIENT}; no team.
 * </ul>
 *
 * Controllers take it as a parameter ({@code CrmActor actor}); elsewhere {@link #current()} reads it from the
 * security context.
 *
 * @param kind   a person or an integrated system
 * @param id     stable id: the person's {@code sub} or the client's id
 * @param name   display name: the person's {@code preferred_username}, the client's id
 * @param role   agent, manager, admin (people), client or admin (systems)
 * @param team   the person's team id ({@code crm_team}); {@code null} for systems and for people without a team
 * @param scopes the token's scopes
 */
public record CrmActor(Kind kind, String id, String name, CrmRole role, String team, Set<String> scopes) {

    public static final String ROLE_CLAIM = "crm_role";
    public static final String TEAM_CLAIM = "crm_team";
    public static final String USERNAME_CLAIM = "preferred_username";

    /** A person or an integrated system. */
    public enum Kind {
        USER,
        CLIENT
    }

    public CrmActor {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(role, "role");
        name = (name == null || name.isBlank()) ? id : name;
        team = (team == null || team.isBlank()) ? null : team;
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
        if (kind == Kind.USER && role == CrmRole.CLIENT) {
            throw new IllegalArgumentException("a user is an agent, a manager or an admin");
        }
    }

    /**
     * The actor a validated token names.
     *
     * @throws InvalidActorException when the token names a role that is none of agent, manager, admin, or has no
     *     subject
     */
    public static CrmActor from(Jwt jwt) {
        Set<String> scopes = scopes(jwt.getClaim("scope"));
        if (jwt.hasClaim(ROLE_CLAIM)) {
            String claimed = jwt.getClaimAsString(ROLE_CLAIM);
            CrmRole role = CrmRole.ofUserClaim(claimed)
                    .orElseThrow(() -> new InvalidActorException("unknown " + ROLE_CLAIM + " '" + claimed + "'"));
            String sub = jwt.getSubject();
            if (sub == null || sub.isBlank()) {
                throw new InvalidActorException("a user token without sub");
            }
            return new CrmActor(
                    Kind.USER,
                    sub,
                    jwt.getClaimAsString(USERNAME_CLAIM),
                    role,
                    jwt.getClaimAsString(TEAM_CLAIM),
                    scopes);
        }
        String clientId = firstText(jwt.getClaimAsString("client_id"), jwt.getClaimAsString("azp"), jwt.getSubject());
        if (clientId == null) {
            throw new InvalidActorException("a client token without client_id, azp or sub");
        }
        CrmRole role = scopes.contains(CrmScopes.ADMIN) ? CrmRole.ADMIN : CrmRole.CLIENT;
        return new CrmActor(Kind.CLIENT, clientId, clientId, role, null, scopes);
    }

    /**
     * The caller of the current request (from {@link SecurityContextHolder}).
     *
     * @throws IllegalStateException when no bearer token was validated for this thread
     */
    public static CrmActor current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken token) {
            return from(token.getToken());
        }
        throw new IllegalStateException("no authenticated bearer token in this thread's security context");
    }

    /**
     * The caller of the current request, or empty when this thread has no validated bearer token (a scheduled job,
     * a consumer).
     */
    public static Optional<CrmActor> currentIfAny() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication instanceof JwtAuthenticationToken token
                ? Optional.of(from(token.getToken()))
                : Optional.empty();
    }

    /** Who did it, as events carry it: kind and id. */
    public ActorRef ref() {
        return new ActorRef(kind.name(), id);
    }

    public boolean isUser() {
        return kind == Kind.USER;
    }

    public boolean isClient() {
        return kind == Kind.CLIENT;
    }

    /** A person or system with the admin role (for systems: the {@code crm.admin} scope). */
    public boolean isAdmin() {
        return role == CrmRole.ADMIN;
    }

    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }

    private static Set<String> scopes(Object claim) {
        Set<String> scopes = new LinkedHashSet<>();
        if (claim instanceof String text) {
            for (String scope : text.trim().split("\\s+")) {
                if (!scope.isEmpty()) {
                    scopes.add(scope);
                }
            }
        } else if (claim instanceof Collection<?> values) {
            values.stream().filter(Objects::nonNull).map(String::valueOf).forEach(scopes::add);
        }
        return scopes;
    }

    private static String firstText(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    /** A token whose claims name no valid actor (e.g. an unknown {@code crm_role}). */
    public static final class InvalidActorException extends RuntimeException {
        public InvalidActorException(String message) {
            super(message);
        }
    }
}
