package com.crm.customer.consent;

import com.crm.contracts.events.ActorRef;
import com.crm.customer.profile.CustomerAccess;
import com.crm.support.paging.CursorPage;
import com.crm.support.paging.KeysetCursor;
import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import com.crm.support.security.CrmActor;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A customer's decisions by purpose and choices by subscription type. A write that says what is already stored, or
 * that was decided before the stored decision (an out-of-order sync), changes nothing and answers what is stored: PUT
 * is safe to retry. Every change is a history line, an event and an audit entry in its transaction.
 */
@Service
class ConsentService {

    private static final String CUSTOMER = "Customer";

    private final ConsentRepository repository;
    private final SubscriptionTypeRepository types;
    private final ConsentEvents events;
    private final CustomerAccess access;
    private final Clock clock;

    ConsentService(
            ConsentRepository repository,
            SubscriptionTypeRepository types,
            ConsentEvents events,
            CustomerAccess access,
            Clock clock) {
        this.repository = repository;
        this.types = types;
        this.events = events;
        this.access = access;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    List<PurposeConsent> purposes(UUID customerId) {
        requireCustomer(customerId, false);
        return repository.purposes(customerId);
    }

    @Transactional
    PurposeConsent decide(UUID customerId, String purposeText, String channelText, PurposeConsentInput in) {
        Purpose purpose = ConsentRules.purpose(purposeText);
        String channel = ConsentRules.channel("channel", channelText, purpose);
        Instant now = now();
        ConsentRules.checkDecision(in, now);
        requireCustomer(customerId, true);
        Instant changedAt = in.changedAt() == null ? now : in.changedAt().truncatedTo(ChronoUnit.MICROS);
        Instant expiresAt = in.expiresAt() == null ? null : in.expiresAt().truncatedTo(ChronoUnit.MICROS);
        String source = blankToNull(in.source());
        String evidence = blankToNull(in.evidence());
        PurposeConsent current =
                repository.findPurpose(customerId, purpose, channel).orElse(null);
        if (current != null
                && (changedAt.isBefore(current.changedAt())
                        || current.sameDecision(in.status(), in.legalBasis(), source, evidence, expiresAt))) {
            return current;
        }
        PurposeConsent next = new PurposeConsent(
                purpose, channel, in.status(), in.legalBasis(), source, evidence, expiresAt, changedAt, now, actor());
        repository.savePurpose(customerId, next);
        events.purposeChanged(customerId, next, current == null ? null : current.status());
        return next;
    }

    @Transactional(readOnly = true)
    List<Subscription> subscriptions(UUID customerId) {
        requireCustomer(customerId, false);
        return repository.subscriptions(customerId, false);
    }

    @Transactional
    Subscription choose(UUID customerId, String typeKey, SubscriptionChoiceInput in) {
        Instant now = now();
        ConsentRules.checkSubscription(in, now);
        SubscriptionType type = types.find(typeKey)
                .orElseThrow(() -> ApiException.invalid(
                        "subscriptionType", ErrorCode.UNKNOWN_REFERENCE, "no subscription type " + typeKey));
        requireCustomer(customerId, true);
        Subscription current = repository.subscriptions(customerId, true).stream()
                .filter(s -> s.subscriptionType().equals(type.key()))
                .findFirst()
                .orElseThrow();
        if (type.archived()
                && in.status() == SubscriptionStatus.SUBSCRIBED
                && current.status() != SubscriptionStatus.SUBSCRIBED) {
            throw ApiException.invalid(
                    "subscriptionType", ErrorCode.NOT_ALLOWED, type.key() + " is archived: no new subscriptions");
        }
        Instant changedAt = in.changedAt() == null ? now : in.changedAt().truncatedTo(ChronoUnit.MICROS);
        String source = blankToNull(in.source());
        if (current.status() != SubscriptionStatus.NOT_SPECIFIED
                && (changedAt.isBefore(current.changedAt()) || current.status() == in.status())) {
            return current;
        }
        Subscription next = new Subscription(
                type.key(), type.name(), type.purpose(), type.channel(), in.status(), source, changedAt, now, actor());
        repository.saveSubscription(customerId, next);
        events.subscriptionChanged(customerId, next, current.status());
        return next;
    }

    @Transactional(readOnly = true)
    CursorPage<ConsentHistoryEntry> history(UUID customerId, String cursor, int limit) {
        requireCustomer(customerId, false);
        return CursorPage.of(
                repository.history(customerId, KeysetCursor.decode(cursor), limit),
                limit,
                e -> new KeysetCursor(e.recordedAt(), e.id()).encode(),
                e -> e);
    }

    /**
     * The customer must exist and be visible to the caller (404 otherwise, as for the profile); a write also needs
     * it live (only an active customer's consent can still change) and queues behind other changes of it.
     */
    private void requireCustomer(UUID customerId, boolean forWrite) {
        access.requireVisible(customerId);
        String status = (forWrite ? repository.lockCustomer(customerId) : repository.customerStatus(customerId))
                .orElseThrow(() -> ApiException.notFound(CUSTOMER, customerId));
        if (forWrite && !"ACTIVE".equals(status)) {
            throw ApiException.notFound(CUSTOMER, customerId);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static ActorRef actor() {
        return CrmActor.currentIfAny().map(CrmActor::ref).orElse(null);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
