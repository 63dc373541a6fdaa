package com.crm.interaction.state;

import com.crm.contracts.events.interaction.ContactStateChanged;
import com.crm.interaction.check.ContactGuard;
import com.crm.interaction.check.WindowUsage;
import com.crm.interaction.customer.CustomerLoyaltyLevelChanged;
import com.crm.interaction.customer.CustomerProjectionRepository;
import com.crm.interaction.customer.CustomerTierChanged;
import com.crm.interaction.customer.CustomersMerged;
import com.crm.interaction.plan.NextDueContact;
import com.crm.interaction.policy.Durations;
import com.crm.interaction.preference.ChannelPreferenceService;
import com.crm.interaction.timeline.InteractionService;
import com.crm.support.outbox.EventOutbox;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Publishes {@code crm.contact.state-changed} for a customer whose contact state changed: after an interaction is
 * recorded (single or batch item), after a merge (for the survivor, whose timeline now holds the merged contacts) and
 * after their value tier changed (tier plans). It runs just before the change commits, after every other listener of
 * the change has done its part (plan memberships re-keyed, preference refreshed), and appends to the outbox in the
 * same transaction. The state is worked out by the same code as the API answers: {@link ContactGuard#windows},
 * {@link NextDueContact}, {@link ChannelPreferenceService#current}.
 *
 * <p>Policy and plan changes are not fanned out to every customer: a customer's state is recomputed at their next
 * change, and {@code asOf} tells a reader how old it is. An erased or merged-away customer gets no state.
 */
@Service
class ContactStateService {

    private static final Set<String> GONE = Set.of("ERASED", "MERGED");

    private final ContactGuard guard;
    private final NextDueContact nextDue;
    private final ChannelPreferenceService preferences;
    private final CustomerProjectionRepository customers;
    private final EventOutbox outbox;
    private final LastContactRepository lastContacts;
    private final Clock clock;

    ContactStateService(
            ContactGuard guard,
            NextDueContact nextDue,
            ChannelPreferenceService preferences,
            CustomerProjectionRepository customers,
            EventOutbox outbox,
            LastContactRepository lastContacts,
            Clock clock) {
        this.guard = guard;
        this.nextDue = nextDue;
        this.preferences = preferences;
        this.customers = customers;
        this.outbox = outbox;
        this.lastContacts = lastContacts;
        this.clock = clock;
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void interactionStored(InteractionService.InteractionStored stored) {
        publish(stored.customerId());
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void merged(CustomersMerged merged) {
        publish(merged.survivor());
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void tierChanged(CustomerTierChanged changed) {
        publish(changed.customerId());
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void loyaltyLevelChanged(CustomerLoyaltyLevelChanged changed) {
        publish(changed.customerId());
    }

    private void publish(UUID customerId) {
        boolean gone =
                customers.find(customerId).map(c -> GONE.contains(c.status())).orElse(false);
        if (!gone) {
            outbox.append(state(customerId));
        }
    }

    /** The customer's contact state now. */
    ContactStateChanged state(UUID customerId) {
        Instant asOf = clock.instant().truncatedTo(ChronoUnit.MICROS);
        var preferred = preferences.current(customerId).preferredChannel();
        return new ContactStateChanged(
                customerId,
                lastContacts.perChannel(customerId),
                nextDue.of(customerId)
                        .map(d -> new ContactStateChanged.DueContact(
                                d.planId(), d.plan(), d.channel().name(), d.dueAt()))
                        .orElse(null),
                preferred == null ? null : preferred.name(),
                guard.windows(customerId, asOf).stream()
                        .map(ContactStateService::window)
                        .toList(),
                asOf);
    }

    private static ContactStateChanged.PolicyWindow window(WindowUsage u) {
        var p = u.policy();
        return new ContactStateChanged.PolicyWindow(
                p.id(),
                p.name(),
                p.channel() == null ? null : p.channel().name(),
                p.purpose() == null ? null : p.purpose().name(),
                p.maxContacts(),
                Durations.iso(p.window()),
                u.used(),
                u.remaining(),
                u.nextAllowedAt());
    }
}
