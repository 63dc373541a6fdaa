package com.crm.customer.consent;

import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** A customer's consent records as a data subject access export shows them (GDPR Art. 15, PIPL Art. 45). */
@Component
public class ConsentRecords {

    /** History lines in an export at most: an access request answers in one response. */
    static final int MAX_HISTORY = 10_000;

    /** Decisions, choices and history (newest first, at most {@link #MAX_HISTORY} lines). */
    public record ConsentExport(
            List<PurposeConsent> purposes, List<Subscription> subscriptions, List<ConsentHistoryEntry> history) {}

    private final ConsentRepository repository;

    ConsentRecords(ConsentRepository repository) {
        this.repository = repository;
    }

    @Transactional(readOnly = true)
    public ConsentExport of(UUID customerId) {
        List<ConsentHistoryEntry> history = repository.history(customerId, null, MAX_HISTORY);
        return new ConsentExport(
                repository.purposes(customerId),
                repository.subscriptions(customerId, true).stream()
                        .filter(s -> s.status() != SubscriptionStatus.NOT_SPECIFIED)
                        .toList(),
                history.size() > MAX_HISTORY ? history.subList(0, MAX_HISTORY) : history);
    }
}
