package com.crm.interaction.agent.fit;

import java.util.List;

/**
 * What the customer needs.
 *
 * @param requiredSkills skills every candidate must have (lower case; a language is {@code lang:<code>})
 * @param topic          what the contact is about; a skill of that name counts as a soft plus (may be null)
 * @param channelAsked   whether a channel was asked (then capacity on it is a hard filter)
 * @param customerTier   the customer's value tier ({@code S}, {@code A}, ...; may be null)
 */
public record MatchCriteria(List<String> requiredSkills, String topic, boolean channelAsked, String customerTier) {

    public MatchCriteria {
        requiredSkills = requiredSkills == null ? List.of() : List.copyOf(requiredSkills);
    }

    /** S and A customers go to senior agents. */
    public boolean keyCustomer() {
        return "S".equals(customerTier) || "A".equals(customerTier);
    }
}
