package com.crm.interaction.check;

import com.crm.interaction.InteractionProperties;
import com.crm.interaction.contact.Channel;
import com.crm.interaction.contact.Purpose;
import com.crm.interaction.customer.CustomerProjection;
import com.crm.interaction.customer.CustomerProjectionRepository;
import com.crm.interaction.policy.ContactPolicy;
import com.crm.interaction.policy.ContactPolicyRepository;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Applies the contact policies to a customer: loads the projection, the policies and the recent outbound contacts,
 * and lets {@link ContactRules} decide. {@link #lock} serializes check-and-record per customer.
 */
@Component
public class ContactGuard {

    private final ContactPolicyRepository policies;
    private final CustomerProjectionRepository customers;
    private final ContactHistoryRepository contacts;
    private final InteractionProperties properties;

    ContactGuard(
            ContactPolicyRepository policies,
            CustomerProjectionRepository customers,
            ContactHistoryRepository contacts,
            InteractionProperties properties) {
        this.policies = policies;
        this.customers = customers;
        this.contacts = contacts;
        this.properties = properties;
    }

    /**
     * Takes a transaction-scoped advisory lock on the customer: two agents recording at the same moment queue, so
     * the second sees the first's contact before deciding. Call first in the recording transaction.
     */
    public void lock(UUID customerId) {
        contacts.lock(customerId);
    }

    public ContactDecision decide(UUID customerId, Channel channel, Purpose purpose, Instant at) {
        List<ContactPolicy> enabled = policies.enabled();
        Duration lookBack = enabled.stream()
                .filter(p -> p.covers(channel, purpose))
                .map(ContactPolicy::lookBack)
                .max(Duration::compareTo)
                .orElse(Duration.ZERO);
        List<PastContact> history =
                lookBack.isZero() ? List.of() : contacts.outboundSince(customerId, at.minus(lookBack));
        return ContactRules.decide(enabled, state(customerId), channel, purpose, at, history);
    }

    /** The consent rules alone, for an outbound contact recorded long after it happened (history). */
    public ContactDecision decideConsent(UUID customerId, Channel channel, Purpose purpose) {
        return ContactRules.decideConsent(policies.enabled(), state(customerId), channel, purpose);
    }

    /**
     * Every enabled policy limiting contacts per window ({@code maxContacts} and {@code window}), with how much of it
     * the customer has used at {@code at}; the same counting the decision uses.
     */
    public List<WindowUsage> windows(UUID customerId, Instant at) {
        List<ContactPolicy> limited = policies.enabled().stream()
                .filter(p -> p.maxContacts() != null && p.window() != null)
                .toList();
        if (limited.isEmpty()) {
            return List.of();
        }
        Duration lookBack = limited.stream()
                .map(ContactPolicy::window)
                .max(Duration::compareTo)
                .orElseThrow();
        List<PastContact> history = contacts.outboundSince(customerId, at.minus(lookBack));
        return limited.stream()
                .map(p -> ContactRules.windowUsage(p, history, at))
                .toList();
    }

    private CustomerContactState state(UUID customerId) {
        return customers
                .find(customerId)
                .map(c -> new CustomerContactState(true, c.status(), c.consents(), zone(c)))
                .orElseGet(() -> new CustomerContactState(false, "UNKNOWN", Map.of(), properties.defaultTimeZone()));
    }

    private ZoneId zone(CustomerProjection c) {
        if (c.timeZone() == null || c.timeZone().isBlank()) {
            return properties.defaultTimeZone();
        }
        try {
            return ZoneId.of(c.timeZone());
        } catch (DateTimeException e) {
            return properties.defaultTimeZone();
        }
    }
}
