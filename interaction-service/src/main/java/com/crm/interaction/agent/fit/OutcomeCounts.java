package com.crm.interaction.agent.fit;

/**
 * What an agent's (or a team's) contacts with customers of one tier came to, as {@code agent_outcome} keeps it.
 *
 * @param serviceContacts contacts that ended resolved, unresolved or with a callback requested (the resolution trials)
 * @param resolved        of those, resolved
 * @param contacts        contacts that reached the customer (the purchase trials)
 * @param purchases       of those, ending in a purchase signal (purchase intent)
 */
public record OutcomeCounts(long serviceContacts, long resolved, long contacts, long purchases) {

    public static final OutcomeCounts NONE = new OutcomeCounts(0, 0, 0, 0);

    public OutcomeCounts {
        if (resolved > serviceContacts || purchases > contacts || resolved < 0 || purchases < 0) {
            throw new IllegalArgumentException(
                    "successes exceed trials: " + resolved + "/" + serviceContacts + ", " + purchases + "/" + contacts);
        }
    }

    public OutcomeCounts plus(OutcomeCounts other) {
        return new OutcomeCounts(
                serviceContacts + other.serviceContacts,
                resolved + other.resolved,
                contacts + other.contacts,
                purchases + other.purchases);
    }

    /** resolved / serviceContacts, or NaN without trials. */
    public double resolutionRate() {
        return serviceContacts == 0 ? Double.NaN : (double) resolved / serviceContacts;
    }

    /** purchases / contacts, or NaN without trials. */
    public double purchaseRate() {
        return contacts == 0 ? Double.NaN : (double) purchases / contacts;
    }
}
