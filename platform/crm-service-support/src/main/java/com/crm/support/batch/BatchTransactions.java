package com.crm.support.batch;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a batch in one transaction with a savepoint per item: one commit for the whole batch (instead of one per
 * item), while a failing item is rolled back to its savepoint and rejected alone.
 */
public class BatchTransactions {

    private final TransactionTemplate batch;
    private final TransactionTemplate item;

    public BatchTransactions(PlatformTransactionManager transactions) {
        this.batch = new TransactionTemplate(transactions);
        this.item = new TransactionTemplate(transactions);
        this.item.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    public <I, T> BatchResponse<T> process(List<I> items, Function<I, BatchResponse.Outcome<T>> handler) {
        return batch.execute(tx -> BatchResponse.process(items, i -> item.execute(s -> handler.apply(i))));
    }

    /** Runs {@code work} behind a savepoint of the current transaction: if it throws, only its own work is undone. */
    public <T> T savepoint(Supplier<T> work) {
        return item.execute(s -> work.get());
    }
}
