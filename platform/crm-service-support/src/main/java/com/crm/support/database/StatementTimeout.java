package com.crm.support.database;

import java.time.Duration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Raises the statement timeout for the current transaction only ({@code SET LOCAL}), for long batch work: a bean
 * (services inject it, so no SQL leaves their repositories) and a static helper.
 */
public class StatementTimeout {

    /**
     * The timeout long batch work (full recomputes, scans) sets for its own transactions, overridable per service;
     * default 30 minutes.
     */
    public static final String BATCH_PROPERTY = "crm.datasource.batch-statement-timeout";

    private final JdbcClient jdbc;
    private final Duration batch;

    public StatementTimeout(JdbcClient jdbc, Duration batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /** Raises this transaction's timeout to {@code crm.datasource.batch-statement-timeout}. */
    public void extendForBatch() {
        extend(jdbc, batch);
    }

    /** {@code timeout} zero lifts the limit for this transaction. */
    public static void extend(JdbcClient jdbc, Duration timeout) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("SET LOCAL statement_timeout needs a transaction");
        }
        jdbc.sql("select set_config('statement_timeout', :value, true)")
                .param("value", String.valueOf(timeout.toMillis()))
                .query(String.class)
                .single();
    }
}
