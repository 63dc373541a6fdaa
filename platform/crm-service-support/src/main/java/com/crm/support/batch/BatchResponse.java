package com.crm.support.batch;

import com.crm.support.problem.ApiException;
import com.crm.support.problem.FieldViolation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer to a batch: one result per item, in request order, and counts per status. Each item is handled on
 * its own, so one bad item never sinks the others; a rejected item carries its problem with every field at fault.
 */
public record BatchResponse<T>(List<ItemResult<T>> results, Map<String, Integer> summary) {

    public static final String REJECTED = "rejected";
    private static final Logger log = LoggerFactory.getLogger(BatchResponse.class);

    /** @param result null when rejected; {@code problem} null otherwise */
    public record ItemResult<T>(int index, String status, T result, ItemProblem problem) {}

    public record ItemProblem(int status, String type, String title, String detail, List<FieldViolation> errors) {}

    /** What handling one item gave: its status (e.g. created, updated, unchanged) and what to return for it. */
    public record Outcome<T>(String status, T result) {}

    /**
     * Runs {@code handler} on each item. An {@link ApiException} rejects that item only; field paths are reported
     * relative to the item.
     */
    public static <I, T> BatchResponse<T> process(List<I> items, Function<I, Outcome<T>> handler) {
        List<ItemResult<T>> results = new ArrayList<>(items.size());
        Map<String, Integer> summary = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            ItemResult<T> result;
            try {
                Outcome<T> outcome = handler.apply(items.get(i));
                result = new ItemResult<>(i, outcome.status(), outcome.result(), null);
            } catch (ApiException e) {
                result = rejected(i, e);
            } catch (RuntimeException e) {
                log.error("Batch item {} failed", i, e);
                result = new ItemResult<>(
                        i,
                        REJECTED,
                        null,
                        new ItemProblem(
                                500,
                                "urn:crm:problem:internal",
                                "Internal error",
                                "This item could not be processed; it has been logged; retry it",
                                List.of()));
            }
            results.add(result);
            summary.merge(result.status(), 1, Integer::sum);
        }
        return new BatchResponse<>(results, summary);
    }

    /** A rejected item's result. */
    public static <T> ItemResult<T> rejected(int index, ApiException e) {
        return new ItemResult<>(
                index,
                REJECTED,
                null,
                new ItemProblem(e.status().value(), e.type().toString(), e.title(), e.getMessage(), e.errors()));
    }

    /** The response for results assembled by the caller (set-based batches), counting them per status. */
    public static <T> BatchResponse<T> of(List<ItemResult<T>> results) {
        Map<String, Integer> summary = new LinkedHashMap<>();
        results.forEach(r -> summary.merge(r.status(), 1, Integer::sum));
        return new BatchResponse<>(List.copyOf(results), summary);
    }

    /** Re-roots field paths under {@code prefix}, e.g. {@code emails[0]} to {@code customer.emails[0]}. */
    public static ApiException prefixed(String prefix, ApiException e) {
        if (e.errors().isEmpty()) {
            return e;
        }
        List<FieldViolation> errors = e.errors().stream()
                .map(v -> new FieldViolation(
                        v.field().equals("$") ? prefix : prefix + "." + v.field(), v.code(), v.message()))
                .toList();
        return new ApiException(e.status(), e.type(), e.title(), e.getMessage(), errors);
    }
}
