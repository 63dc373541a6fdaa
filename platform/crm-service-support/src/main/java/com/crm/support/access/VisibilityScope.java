package com.crm.support.access;

import java.util.Locale;

/**
 * How far a caller sees: the records they own, their team's, or all of them. {@link #NONE} is for an
 * unidentified caller (no token), which sees nothing.
 */
public enum VisibilityScope {
    NONE,
    OWN,
    TEAM,
    ALL;

    /** Reads a property value: {@code own}, {@code team} or {@code all} (any case). */
    public static VisibilityScope ofProperty(String value) {
        return switch (value == null ? "" : value.trim().toLowerCase(Locale.ROOT)) {
            case "own" -> OWN;
            case "team" -> TEAM;
            case "all" -> ALL;
            default -> throw new IllegalArgumentException("a visibility is one of own, team, all; not '" + value + "'");
        };
    }
}
