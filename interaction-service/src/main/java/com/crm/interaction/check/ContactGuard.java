package com.crm.interaction.check;

import com.crm.interaction.InteractionProperties;
import com.crm.interaction.contact.Channel;
import com.crm.interaction.contact.Purpose;
import com.crm.interaction.customer.CustomerAccess;
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
    private final CustomerAccess access;

    ContactGuard(
            ContactPolicyRepository policies,
            CustomerProjectionRepository customers,
            ContactHistoryRepository contacts,
            InteractionProperties properties,
            CustomerAccess access) {
        this.policies = policies;
        this.customers = customers;
        this.contacts = contacts;
        this.properties = properties;
        this.access = access;
    }

    /**
     * Takes a transaction-scoped advisory lock on the customer: two agents recording at the same moment queue, so
     * the second sees the first's contact before deciding. Call first in the recording transaction.
     */
    public void lock(UUID customerId) {
        contacts.lock(customerId);
    }

    /**
     * The caller's answer: a customer outside the caller's visibility (record-level access) is decided exactly as an
     * unknown one, without their history.
     */
    public ContactDecision decide(UUID customerId, Channel channel, Purpose purpose, Instant at) {
        return decide(customerId, channel, purpose, null, at);
    }

    /** As {@link #decide(UUID, Channel, Purpose, Instant)}, for a message of a subscription type (may be null). */
    public ContactDecision decide(
            UUID customerId, Channel channel, Purpose purpose, String subscriptionType, Instant at) {
        boolean visible = access.visible(customerId);
        List<ContactPolicy> enabled = policies.enabled();
        Duration lookBack = enabled.stream()
                .filter(p -> p.covers(channel, purpose))
                .map(ContactPolicy::lookBack)
                .max(Duration::compareTo)
                .orElse(Duration.ZERO);
        List<PastContact> history =
                lookBack.isZero() || !visible ? List.of() : contacts.outboundSince(customerId, at.minus(lookBack));
        return ContactRules.decide(
                enabled, visible ? state(customerId) : unknown(), channel, purpose, subscriptionType, at, history);
    }

    /** The consent rules alone, for an outbound contact recorded long after it happened (history). */
    public ContactDecision decideConsent(UUID customerId, Channel channel, Purpose purpose) {
        return ContactRules.decideConsent(policies.enabled(), callerState(customerId), channel, purpose);
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

    /** A customer outside the caller's visibility is decided as an unknown one (record-level access). */
    private CustomerContactState callerState(UUID customerId) {
        return access.visible(customerId) ? state(customerId) : unknown();
    }

    private CustomerContactState unknown() {
        return new CustomerContactState(false, "UNKNOWN", Map.of(), properties.defaultTimeZone());
    }

    private CustomerContactState state(UUID customerId) {
        return customers
                .find(customerId)
                .map(c -> new CustomerContactState(
                        true,
                        c.status(),
                        c.consents(),
                        zone(c),
                        customers.purposes(customerId),
                        customers.subscriptions(customerId)))
                .orElseGet(this::unknown);
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
