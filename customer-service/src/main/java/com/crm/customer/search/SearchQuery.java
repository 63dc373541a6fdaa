package com.crm.customer.search;

import java.util.List;

/**
 * A search request once checked: every property resolved, every value typed and normalised.
 *
 * @param groups OR-ed groups of AND-ed conditions; empty matches every customer
 * @param text   the free text, or null
 * @param after  the position after the previous page, or null for the first
 */
record SearchQuery(List<List<Condition>> groups, String text, List<SortOrder> sorts, int limit, SearchCursor after) {

    /**
     * One filter: {@code values} holds nothing (HAS_PROPERTY), the value, the low and the high end (BETWEEN), or the
     * list (IN): each a String, BigDecimal, LocalDate, OffsetDateTime or Boolean as the property's type says.
     */
    record Condition(SearchProperty property, Operator operator, List<Object> values) {}

    record SortOrder(SearchProperty property, boolean descending) {}

    /** Whether the value scores' projection must be joined. */
    boolean needsValueScores() {
        return groups.stream().flatMap(List::stream).anyMatch(c -> c.property().valueScore())
                || sorts.stream().anyMatch(s -> s.property().valueScore());
    }

    /**
     * Whether every customer the group matches has value scores: one of its filters is on them and is false (or
     * unknown) without a score, as every operator but {@code NOT_HAS_PROPERTY} is.
     */
    static boolean scored(List<Condition> group) {
        return group.stream().anyMatch(c -> c.property().valueScore() && c.operator() != Operator.NOT_HAS_PROPERTY);
    }

    /** Whether every customer the query matches has value scores ({@link #scored(List)} of every group). */
    boolean scored() {
        return !groups.isEmpty() && groups.stream().allMatch(SearchQuery::scored);
    }

    /**
     * Whether the first {@code groups} filter groups, the free text or the sorts read the customer's own columns
     * (anything but the value scores).
     */
    boolean readsCustomer(int groups, boolean sorted) {
        return text != null
                || this.groups.subList(0, groups).stream()
                        .flatMap(List::stream)
                        .anyMatch(c -> !c.property().valueScore())
                || (sorted && sorts.stream().anyMatch(s -> !s.property().valueScore()));
    }

    /**
     * Whether every group asks for given e-mails or phones (EQ, IN): their lookup keys are a customer's own, so such a
     * search matches a handful of customers however many there are.
     */
    boolean narrowedByLookupKeys() {
        return !groups.isEmpty()
                && groups.stream()
                        .allMatch(g -> g.stream()
                                .anyMatch(c -> c.property().match() != SearchProperty.Match.EXACT
                                        && (c.operator() == Operator.EQ || c.operator() == Operator.IN)));
    }

    /** Identifies the sorts a cursor was issued for: a cursor only continues the order it was issued in. */
    String sortSignature() {
        return String.join(
                ",",
                sorts.stream()
                        .map(s -> s.property().name() + (s.descending() ? ":D" : ":A"))
                        .toList());
    }
}
