package com.crm.customer.overview;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What a consumer batch's handlers leave for the end of the batch (the platform's after-batch hook): each event's
 * write, checked and decoded, waiting for the customer it is about to be resolved with all of the batch's others.
 * Bound to the batch's transaction: when a record fails and the platform applies the records before it again in a new
 * transaction, or one by one, each attempt starts empty.
 */
final class PendingOverview {

    /**
     * One event's write for the live customer it ends up with.
     *
     * @param customerId the customer the event names
     * @param ownIdOnly  applied only if that customer is live under this very id (not merged away)
     * @param shown      whether the overview shows what it writes (its customer is rendered again)
     */
    record Write(UUID customerId, boolean ownIdOnly, boolean shown, BiConsumer<UUID, ProjectionWrites> apply) {}

    private static final Object KEY = PendingOverview.class;

    final List<Write> writes = new ArrayList<>();

    private PendingOverview() {}

    Set<UUID> customers() {
        Set<UUID> ids = new LinkedHashSet<>();
        writes.forEach(w -> ids.add(w.customerId()));
        return ids;
    }

    /** The current transaction's batch (a consumer's handlers always run in one). */
    static PendingOverview current() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("the overview's handlers run in the batch's transaction");
        }
        PendingOverview batch = (PendingOverview) TransactionSynchronizationManager.getResource(KEY);
        if (batch == null) {
            PendingOverview fresh = new PendingOverview();
            TransactionSynchronizationManager.bindResource(KEY, fresh);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(KEY);
                }
            });
            batch = fresh;
        }
        return batch;
    }

    /** Takes out what is pending (the hook then writes it). */
    static PendingOverview drain() {
        PendingOverview batch = (PendingOverview) TransactionSynchronizationManager.getResource(KEY);
        if (batch == null) {
            return new PendingOverview();
        }
        TransactionSynchronizationManager.unbindResource(KEY);
        return batch;
    }
}
