package com.crm.customer.consent;

import com.crm.customer.profile.CustomerDataErased;
import com.crm.customer.profile.CustomersMerged;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What happens to consent without a caller: grants lapse at their expiry (a sweep, set-based, in batches, safe beside
 * other replicas), merges carry decisions to the survivor (per purpose and channel the most restrictive wins, then the
 * newest, as for channel consents), and an erasure purges decisions, choices and history.
 */
@Component
class ConsentMaintenance {

    static final int EXPIRY_BATCH = 1_000;
    static final String MERGE_SOURCE = "merge";

    private final ConsentRepository repository;
    private final ConsentEvents events;
    private final TransactionTemplate transactions;
    private final Clock clock;

    ConsentMaintenance(
            ConsentRepository repository, ConsentEvents events, TransactionTemplate transactions, Clock clock) {
        this.repository = repository;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${crm.consent.expiry-interval:PT1M}")
    void expireDue() {
        int lapsed;
        do {
            lapsed = expireBatch();
        } while (lapsed == EXPIRY_BATCH);
    }

    /** One batch of lapsed grants, with their history lines and events, in one transaction; answers how many. */
    int expireBatch() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Integer lapsed = transactions.execute(tx -> {
            List<ConsentRepository.Held> due = repository.lapse(now, EXPIRY_BATCH);
            due.forEach(h -> events.purposeChanged(h.customerId(), h.consent(), PurposeStatus.GRANTED));
            return due.size();
        });
        return lapsed == null ? 0 : lapsed;
    }

    @EventListener
    void onMerged(CustomersMerged merged) {
        List<UUID> all = new ArrayList<>(merged.mergedIds());
        all.add(merged.survivorId());
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        carryPurposes(merged.survivorId(), repository.purposesOf(all), now);
        carrySubscriptions(merged.survivorId(), repository.subscriptionsOf(all), now);
    }

    @EventListener
    void onErased(CustomerDataErased erased) {
        repository.purge(erased.customerId());
    }

    private void carryPurposes(UUID survivor, List<ConsentRepository.Held> held, Instant now) {
        Comparator<PurposeConsent> order = Comparator.comparingInt(
                        (PurposeConsent c) -> c.status().restrictiveness())
                .thenComparing(PurposeConsent::changedAt);
        Map<String, PurposeConsent> winners = new HashMap<>();
        Map<String, PurposeConsent> survivors = new HashMap<>();
        for (ConsentRepository.Held h : held) {
            String key = h.consent().purpose() + "/" + h.consent().channel();
            winners.merge(key, h.consent(), (a, b) -> order.compare(a, b) >= 0 ? a : b);
            if (h.customerId().equals(survivor)) {
                survivors.put(key, h.consent());
            }
        }
        winners.forEach((key, winner) -> {
            PurposeConsent current = survivors.get(key);
            if (current == null
                    || !current.sameDecision(
                            winner.status(),
                            winner.legalBasis(),
                            winner.source(),
                            winner.evidence(),
                            winner.expiresAt())) {
                PurposeConsent carried = new PurposeConsent(
                        winner.purpose(),
                        winner.channel(),
                        winner.status(),
                        winner.legalBasis(),
                        winner.source() == null ? MERGE_SOURCE : winner.source(),
                        winner.evidence(),
                        winner.expiresAt(),
                        winner.changedAt(),
                        now,
                        null);
                repository.savePurpose(survivor, carried);
                events.purposeChanged(survivor, carried, current == null ? null : current.status());
            }
        });
    }

    private void carrySubscriptions(UUID survivor, List<ConsentRepository.HeldSubscription> held, Instant now) {
        // an opt-out of any merged profile stands: UNSUBSCRIBED wins, then the newest choice
        Comparator<Subscription> order = Comparator.comparingInt(
                        (Subscription s) -> s.status() == SubscriptionStatus.UNSUBSCRIBED ? 1 : 0)
                .thenComparing(Subscription::changedAt);
        Map<String, Subscription> winners = new HashMap<>();
        Map<String, Subscription> survivors = new HashMap<>();
        for (ConsentRepository.HeldSubscription h : held) {
            Subscription s = h.subscription();
            winners.merge(s.subscriptionType(), s, (a, b) -> order.compare(a, b) >= 0 ? a : b);
            if (h.customerId().equals(survivor)) {
                survivors.put(s.subscriptionType(), s);
            }
        }
        winners.forEach((key, winner) -> {
            Subscription current = survivors.get(key);
            if (current == null || current.status() != winner.status()) {
                Subscription carried = new Subscription(
                        winner.subscriptionType(),
                        winner.name(),
                        winner.purpose(),
                        winner.channel(),
                        winner.status(),
                        winner.source() == null ? MERGE_SOURCE : winner.source(),
                        winner.changedAt(),
                        now,
                        null);
                repository.saveSubscription(survivor, carried);
                events.subscriptionChanged(
                        survivor, carried, current == null ? SubscriptionStatus.NOT_SPECIFIED : current.status());
            }
        });
    }
}
