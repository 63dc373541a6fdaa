package com.crm.support.consumer;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.cloudevents.CrmEventCodec;
import io.cloudevents.CloudEvent;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * What a consumer does per CloudEvents type, with the payload decoded to its contract record. Types without a
 * handler are ignored (a producer may add types any time); payload fields the record lacks are ignored too.
 */
public final class CrmEventHandlers {

    private final Map<String, Handler<?>> byType;
    private final Set<String> latestOnly;
    private final Consumer<Set<String>> afterBatch;
    private final Predicate<String> wanted;
    private final Runnable beforeBatch;

    private CrmEventHandlers(
            Map<String, Handler<?>> byType,
            Set<String> latestOnly,
            Consumer<Set<String>> afterBatch,
            Predicate<String> wanted,
            Runnable beforeBatch) {
        this.byType = Map.copyOf(byType);
        this.latestOnly = Set.copyOf(latestOnly);
        this.afterBatch = afterBatch;
        this.wanted = wanted;
        this.beforeBatch = beforeBatch;
    }

    /** Runs the hook that starts a batch (or a single record), before any of its events is looked at. */
    public void starting() {
        if (beforeBatch != null) {
            beforeBatch.run();
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether events of this type are applied (and recorded as processed); others pass by without a write. */
    public boolean handles(String type) {
        return byType.containsKey(type) && wanted.test(type);
    }

    public Set<String> types() {
        return byType.keySet();
    }

    /**
     * Whether only the newest event of this type about one subject matters (a state snapshot a projection keeps):
     * within a batch, older ones are then recorded as processed without being applied.
     */
    public boolean latestOnly(String type) {
        return latestOnly.contains(type);
    }

    /** Runs the handler of the event's type, if any; a payload that cannot be decoded is a {@link PoisonEventException}. */
    public void dispatch(CloudEvent event) {
        Handler<?> handler = byType.get(event.getType());
        if (handler != null) {
            handler.handle(event);
        }
    }

    /**
     * Runs the batch hook, in the batch's transaction, with the subjects (customer ids) of the events the batch
     * applied, in the order they first appeared.
     */
    public void completed(Set<String> subjects) {
        if (afterBatch != null && !subjects.isEmpty()) {
            afterBatch.accept(subjects);
        }
    }

    private record Handler<T extends CrmEvent>(Class<T> type, BiConsumer<T, CloudEvent> action) {
        void handle(CloudEvent event) {
            T data;
            try {
                data = CrmEventCodec.data(event, type);
            } catch (IllegalArgumentException | UncheckedIOException e) {
                throw new PoisonEventException(
                        "event " + event.getId() + " of type " + event.getType() + " does not carry a "
                                + type.getSimpleName(),
                        e);
            }
            action.accept(data, event);
        }
    }

    public static final class Builder {

        private final Map<String, Handler<?>> byType = new LinkedHashMap<>();
        private final Set<String> latestOnly = new HashSet<>();
        private Consumer<Set<String>> afterBatch;
        private Predicate<String> wanted = type -> true;
        private Runnable beforeBatch;

        public <T extends CrmEvent> Builder on(Class<T> type, Consumer<T> action) {
            return onWithEnvelope(type, (data, event) -> action.accept(data));
        }

        /** A handler that also sees the envelope (id, time, source). */
        public <T extends CrmEvent> Builder onWithEnvelope(Class<T> type, BiConsumer<T, CloudEvent> action) {
            byType.put(CrmEventCodec.describe(type).value(), new Handler<>(type, action));
            return this;
        }

        /**
         * A handler of a snapshot type: each event carries the whole current state of its subject (the customer),
         * so of several in one batch only the newest per subject is applied; the others are superseded.
         */
        public <T extends CrmEvent> Builder onLatest(Class<T> type, Consumer<T> action) {
            return on(type, action).latestOnly(type);
        }

        /** Marks types registered with another method as snapshots (see {@link #onLatest}). */
        @SafeVarargs
        public final Builder latestOnly(Class<? extends CrmEvent>... types) {
            for (Class<? extends CrmEvent> type : types) {
                latestOnly.add(CrmEventCodec.describe(type).value());
            }
            return this;
        }

        /**
         * Work done once per batch for each customer the batch touched, after its events were applied and in the
         * same transaction: what is derived from a customer's whole history (metrics, scores) is then computed once
         * per batch of their events instead of once per event.
         */
        public Builder afterBatch(Consumer<Set<String>> action) {
            this.afterBatch = action;
            return this;
        }

        /**
         * Asked per event: a type it refuses is passed by like a type without a handler, with nothing written (e.g.
         * a type no webhook subscription wants now).
         */
        public Builder onlyWhile(Predicate<String> wantedType) {
            this.wanted = wantedType;
            return this;
        }

        /** Runs on the listener's thread before each batch: e.g. to drop what the previous batch looked up. */
        public Builder beforeBatch(Runnable action) {
            this.beforeBatch = action;
            return this;
        }

        public CrmEventHandlers build() {
            return new CrmEventHandlers(byType, latestOnly, afterBatch, wanted, beforeBatch);
        }
    }
}
