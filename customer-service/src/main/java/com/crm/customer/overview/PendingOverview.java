package com.crm.customer.overview;

import com.crm.support.consumer.BatchScoped;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * What a consumer batch's handlers leave for the end of the batch ({@link BatchScoped}): each event's write, checked
 * and decoded, waiting for the customer it is about to be resolved with all of the batch's others.
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

    private static final BatchScoped<PendingOverview> SCOPE = new BatchScoped<>(PendingOverview::new);

    final List<Write> writes = new ArrayList<>();

    private PendingOverview() {}

    Set<UUID> customers() {
        Set<UUID> ids = new LinkedHashSet<>();
        writes.forEach(w -> ids.add(w.customerId()));
        return ids;
    }

    /** The current transaction's batch (a consumer's handlers always run in one). */
    static PendingOverview current() {
        PendingOverview batch = SCOPE.current();
        if (batch == null) {
            throw new IllegalStateException("the overview's handlers run in the batch's transaction");
        }
        return batch;
    }

    /** Takes out what is pending (the hook then writes it). */
    static PendingOverview drain() {
        return SCOPE.drain();
    }
}
