package com.crm.customer.profile;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Follows a merged customer's {@code merged_into} links to the survivor: the one walk every lookup of a customer by
 * an id that may have been merged away uses, with one limit.
 */
public final class MergeChain {

    /**
     * A merge points at a live survivor, so a real chain is short (one hop per later merge of the survivor); a longer
     * one is a corrupt cycle and is answered as gone rather than followed for ever.
     */
    public static final int MAX_HOPS = 16;

    /**
     * Where the walk ended: the id looked up last and its record, null when no customer has that id.
     */
    public record End<T>(UUID id, T found) {}

    private MergeChain() {}

    /**
     * @param find       reads (and locks, if the caller needs it) one customer by id
     * @param merged     whether that record was merged away
     * @param mergedInto the survivor it was merged into
     * @return where the walk ended; empty when the chain is longer than {@link #MAX_HOPS}
     */
    public static <T> Optional<End<T>> follow(
            UUID id, Function<UUID, Optional<T>> find, Predicate<T> merged, Function<T, UUID> mergedInto) {
        UUID current = id;
        for (int hop = 0; hop < MAX_HOPS; hop++) {
            T found = find.apply(current).orElse(null);
            if (found == null || !merged.test(found)) {
                return Optional.of(new End<>(current, found));
            }
            current = mergedInto.apply(found);
        }
        return Optional.empty();
    }
}
