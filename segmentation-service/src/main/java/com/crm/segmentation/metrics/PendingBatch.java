package com.crm.segmentation.metrics;

import com.crm.contracts.events.customer.CustomerSnapshot;
import com.crm.segmentation.metrics.LedgerBatchRepository.InteractionRow;
import com.crm.segmentation.metrics.LedgerBatchRepository.PurchaseRow;
import java.util.ArrayList;
import java.util.List;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What a consumer batch's handlers leave for the end of the batch (the platform's after-batch hook), so that the
 * batch writes each kind of row with one statement. Bound to the batch's transaction: when a record fails and the
 * platform applies the records before it again in a new transaction, or one by one, each attempt starts empty.
 * Handlers still check every event themselves, so a malformed one fails alone.
 */
final class PendingBatch {

    private static final Object KEY = PendingBatch.class;

    final List<PurchaseRow> purchases = new ArrayList<>();
    final List<InteractionRow> interactions = new ArrayList<>();

    /** Profile snapshots ({@link CustomerSnapshot}) and other customer events ({@link Runnable}), in batch order. */
    final List<Object> customerEvents = new ArrayList<>();

    private PendingBatch() {}

    /** The current transaction's batch; null outside a transaction (then handlers write at once). */
    static PendingBatch current() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return null;
        }
        PendingBatch batch = (PendingBatch) TransactionSynchronizationManager.getResource(KEY);
        if (batch == null) {
            PendingBatch fresh = new PendingBatch();
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
    static PendingBatch drain() {
        PendingBatch batch = (PendingBatch) TransactionSynchronizationManager.getResource(KEY);
        if (batch == null) {
            return new PendingBatch();
        }
        TransactionSynchronizationManager.unbindResource(KEY);
        return batch;
    }
}
