package com.crm.segmentation.metrics;

import com.crm.contracts.events.customer.CustomerSnapshot;
import com.crm.segmentation.metrics.LedgerBatchRepository.InteractionRow;
import com.crm.segmentation.metrics.LedgerBatchRepository.PurchaseRow;
import com.crm.support.consumer.BatchScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * What a consumer batch's handlers leave for the end of the batch ({@link BatchScoped}), so that the batch writes each
 * kind of row with one statement. Handlers still check every event themselves, so a malformed one fails alone.
 */
final class PendingBatch {

    private static final BatchScoped<PendingBatch> SCOPE = new BatchScoped<>(PendingBatch::new);

    final List<PurchaseRow> purchases = new ArrayList<>();
    final List<InteractionRow> interactions = new ArrayList<>();

    /** Profile snapshots ({@link CustomerSnapshot}) and other customer events ({@link Runnable}), in batch order. */
    final List<Object> customerEvents = new ArrayList<>();

    private PendingBatch() {}

    /** The current transaction's batch; null outside a transaction (then handlers write at once). */
    static PendingBatch current() {
        return SCOPE.current();
    }

    /** Takes out what is pending (the hook then writes it). */
    static PendingBatch drain() {
        return SCOPE.drain();
    }
}
