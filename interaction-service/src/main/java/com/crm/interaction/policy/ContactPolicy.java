package com.crm.interaction.policy;

import com.crm.interaction.contact.Channel;
import com.crm.interaction.contact.Purpose;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.UUID;

/**
 * A rule set for outbound contacts in a scope: one channel or all ({@code channel} null), one purpose or all
 * ({@code purpose} null). Every rule is optional: at most {@code maxContacts} per rolling {@code window},
 * at least {@code minGap} between two contacts, none inside quiet hours {@code quietStart}–{@code quietEnd} in the
 * customer's own time zone (may wrap midnight), and a GRANTED consent for the channel when {@code consentRequired}.
 */
public record ContactPolicy(
        UUID id,
        String name,
        Channel channel,
        Purpose purpose,
        Integer maxContacts,
        Duration window,
        Duration minGap,
        LocalTime quietStart,
        LocalTime quietEnd,
        boolean consentRequired,
        boolean enabled,
        long version,
        Instant updatedAt) {

    /** Whether a contact over {@code c} for {@code p} falls in this policy's scope. */
    public boolean covers(Channel c, Purpose p) {
        return (channel == null || channel == c) && (purpose == null || purpose == p);
    }

    /** How far back this policy looks at past contacts. */
    public Duration lookBack() {
        Duration w = maxContacts != null && window != null ? window : Duration.ZERO;
        Duration g = minGap != null ? minGap : Duration.ZERO;
        return w.compareTo(g) >= 0 ? w : g;
    }
}
