package com.crm.support.consumer;

import java.util.function.Supplier;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What a consumer batch's handlers leave for the end of the batch (the platform's after-batch hook), so that the batch
 * writes each kind of row with one statement. Bound to the batch's transaction: when a record fails and the platform
 * applies the records before it again in a new transaction, or one by one, each attempt starts with a fresh value.
 *
 * @param <T> what the handlers collect
 */
public final class BatchScoped<T> {

    private final Object key = new Object();
    private final Supplier<T> fresh;

    public BatchScoped(Supplier<T> fresh) {
        this.fresh = fresh;
    }

    /** The current transaction's value, made on first use; null outside a transaction. */
    public T current() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return null;
        }
        @SuppressWarnings("unchecked")
        T value = (T) TransactionSynchronizationManager.getResource(key);
        if (value == null) {
            value = fresh.get();
            TransactionSynchronizationManager.bindResource(key, value);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(key);
                }
            });
        }
        return value;
    }

    /** Takes out the current transaction's value (a fresh one if none was made): the hook then writes it. */
    public T drain() {
        @SuppressWarnings("unchecked")
        T value = (T) TransactionSynchronizationManager.getResource(key);
        if (value == null) {
            return fresh.get();
        }
        TransactionSynchronizationManager.unbindResource(key);
        return value;
    }
}
