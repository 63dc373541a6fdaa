package com.crm.interaction.policy;

import com.crm.interaction.contact.Channel;
import com.crm.interaction.contact.Purpose;
import java.time.Instant;
import java.time.LocalTime;
import java.util.UUID;

/** A contact policy as the API shows it; durations as ISO-8601. */
public record ContactPolicyView(
        UUID id,
        String name,
        Channel channel,
        Purpose purpose,
        Integer maxContacts,
        String window,
        String minGap,
        LocalTime quietStart,
        LocalTime quietEnd,
        boolean consentRequired,
        boolean enabled,
        long version,
        Instant updatedAt) {

    static ContactPolicyView of(ContactPolicy p) {
        return new ContactPolicyView(
                p.id(),
                p.name(),
                p.channel(),
                p.purpose(),
                p.maxContacts(),
                Durations.iso(p.window()),
                Durations.iso(p.minGap()),
                p.quietStart(),
                p.quietEnd(),
                p.consentRequired(),
                p.enabled(),
                p.version(),
                p.updatedAt());
    }
}
