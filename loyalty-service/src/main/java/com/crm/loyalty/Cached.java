package com.crm.loyalty;

import java.time.Duration;
import java.util.function.Supplier;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A value read often and changed rarely (the program, the levels, the earning rules), kept for a short time. The
 * service's own changes invalidate it at once; changes made through another replica are seen within the time to
 * live.
 */
public final class Cached<T> {

    public static final Duration TTL = Duration.ofSeconds(5);

    private final Supplier<T> loader;
    private final long ttlNanos;
    private volatile Entry<T> entry;

    private record Entry<T>(T value, long loadedAt) {}

    public Cached(Supplier<T> loader) {
        this(loader, TTL);
    }

    public Cached(Supplier<T> loader, Duration ttl) {
        this.loader = loader;
        this.ttlNanos = ttl.toNanos();
    }

    public T get() {
        Entry<T> e = entry;
        long now = System.nanoTime();
        if (e == null || now - e.loadedAt() > ttlNanos) {
            e = new Entry<>(loader.get(), now);
            entry = e;
        }
        return e.value();
    }

    /** Forgets the value now and, inside a transaction, again after it commits (so no reader keeps the old one). */
    public void invalidate() {
        entry = null;
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    entry = null;
                }
            });
        }
    }
}
