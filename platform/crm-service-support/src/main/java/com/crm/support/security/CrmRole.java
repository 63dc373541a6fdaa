package com.crm.support.security;

import java.util.Locale;
import java.util.Optional;

/**
 * What a caller may see and do by who they are: people are agents, managers or admins (claim {@code crm_role} of
 * their token); an integrated system (a client-credentials token) is a {@link #CLIENT}, or an {@link #ADMIN} when
 * its token carries {@code crm.admin}.
 */
public enum CrmRole {
    AGENT,
    MANAGER,
    ADMIN,
    CLIENT;

    /** The value in the {@code crm_role} claim: {@code agent}, {@code manager}, {@code admin}. */
    public String claimValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role a user token names; empty for a missing or unknown value (never a client). */
    public static Optional<CrmRole> ofUserClaim(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "agent" -> Optional.of(AGENT);
            case "manager" -> Optional.of(MANAGER);
            case "admin" -> Optional.of(ADMIN);
            default -> Optional.empty();
        };
    }
}
