package com.crm.tokenissuer.people;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A person's role: put into their tokens as {@code crm_role}, and what caps the scopes they can get. Agents and
 * managers read and write ({@code crm.read crm.write}); admins also administer ({@code crm.admin}) and hold the finer
 * scopes of the operations that do the most harm ({@code crm.merge crm.erase crm.export crm.config}). Which records
 * each sees (own, team, all) is decided by the services from {@code crm_role} and {@code crm_team}.
 */
public enum Role {
    AGENT(Set.of("crm.read", "crm.write")),
    MANAGER(Set.of("crm.read", "crm.write")),
    ADMIN(Set.of("crm.read", "crm.write", "crm.admin", "crm.merge", "crm.erase", "crm.export", "crm.config"));

    private static final String PLATFORM_SCOPE_PREFIX = "crm.";

    private final Set<String> scopes;

    Role(Set<String> scopes) {
        this.scopes = scopes;
    }

    /** The {@code crm_role} claim value: {@code agent}, {@code manager}, {@code admin}. */
    public String claimValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Set<String> scopes() {
        return this.scopes;
    }

    /** Agents and managers work in a team; an admin may have none. */
    public boolean needsTeam() {
        return this != ADMIN;
    }

    public static Optional<Role> of(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (Role role : values()) {
            if (role.claimValue().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    /**
     * The scopes a person of this role gets for a request: the platform scopes they asked for that the role allows
     * (all the role's when they named none, as a client-credentials request without scope gets the client's), plus
     * the other scopes asked for ({@code openid}, {@code profile}).
     */
    public Set<String> cap(Set<String> requested) {
        Set<String> granted = new LinkedHashSet<>();
        boolean namedPlatformScopes = false;
        for (String scope : requested) {
            if (scope.startsWith(PLATFORM_SCOPE_PREFIX)) {
                namedPlatformScopes = true;
            } else {
                granted.add(scope);
            }
        }
        for (String scope : new TreeSet<>(this.scopes)) {
            if (!namedPlatformScopes || requested.contains(scope)) {
                granted.add(scope);
            }
        }
        return granted;
    }
}
