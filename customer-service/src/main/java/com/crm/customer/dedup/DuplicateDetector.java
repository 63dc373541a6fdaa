package com.crm.customer.dedup;

import com.crm.customer.profile.CustomerRemoved;
import com.crm.customer.profile.CustomerSaved;
import com.crm.customer.profile.CustomerView;
import com.crm.customer.profile.CustomersMerged;
import com.crm.customer.profile.CustomersSaved;
import java.time.Clock;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Finds duplicate candidates of a customer whenever it is saved: the change queues the customer in its own
 * transaction, and {@link #work()} detects in the background, a page of queued customers at a time (several
 * replicas share the queue: SKIP LOCKED).
 */
@Component
class DuplicateDetector {

    private final DuplicateRepository duplicates;
    private final DuplicateProperties properties;
    private final TransactionTemplate transactions;
    private final Clock clock;

    DuplicateDetector(
            DuplicateRepository duplicates,
            DuplicateProperties properties,
            TransactionTemplate transactions,
            Clock clock) {
        this.duplicates = duplicates;
        this.properties = properties;
        this.transactions = transactions;
        this.clock = clock;
    }

    @EventListener
    void onSaved(CustomerSaved saved) {
        duplicates.queue(saved.customer().id(), clock.instant());
    }

    @EventListener
    void onSavedAll(CustomersSaved saved) {
        duplicates.queueAll(saved.customers().stream().map(CustomerView::id).toList(), clock.instant());
    }

    @Scheduled(fixedDelayString = "${crm.dedup.poll-interval:500ms}")
    public void work() {
        Integer done;
        do {
            done = transactions.execute(tx -> {
                var queued = duplicates.takeQueued(properties.batchSize());
                for (var customer : queued) {
                    detect(customer.id(), customer.facts(), customer.familyName());
                }
                return queued.size();
            });
        } while (done != null && done == properties.batchSize());
    }

    @EventListener
    void onMerged(CustomersMerged merged) {
        duplicates.markMerged(merged.survivorId(), merged.mergedIds());
    }

    @EventListener
    void onRemoved(CustomerRemoved removed) {
        duplicates.clearOpen(removed.customerId());
    }

    /** @return how many candidates were recorded */
    int detect(UUID id, DuplicateScoring.Facts facts, String familyName) {
        duplicates.clearOpen(id);
        int found = 0;
        for (var other : duplicates.lookalikes(id, facts, familyName, properties.maxLookups())) {
            var score = DuplicateScoring.score(facts, other.facts());
            if (score.value() >= properties.threshold()) {
                duplicates.record(id, other.id(), score, clock.instant());
                found++;
            }
        }
        return found;
    }
}
