package com.crm.segmentation.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Exact pairwise association rules {@code X → Y} over transactions (each a set of product codes): a basket (one
 * customer-day) or a customer's whole history. For a rule, with N transactions: support = n(X∧Y) / N, confidence =
 * n(X∧Y) / n(X), lift = confidence / (n(Y) / N). Counting is exact (no sampling); items below the minimum support
 * cannot be in a pair above it, so only frequent items are paired (the Apriori pruning, which loses nothing).
 * Single-item antecedents are what an explanation a salesperson can read needs ("bought X; ... bought Y").
 */
public final class AssociationRules {

    /** One rule; {@code kind} says what a transaction was (e.g. {@code BASKET} or {@code HISTORY}). */
    public record Rule(
            String kind,
            String antecedent,
            String consequent,
            int count,
            double support,
            double confidence,
            double lift) {}

    private AssociationRules() {}

    /**
     * @param transactions each a collection of distinct product codes (duplicates inside one are ignored)
     * @return the rules with support ≥ {@code minSupport}, confidence ≥ {@code minConfidence} and lift ≥
     *         {@code minLift}, ordered by antecedent, then confidence descending, then consequent
     */
    public static List<Rule> mine(
            String kind,
            Collection<? extends Collection<String>> transactions,
            double minSupport,
            double minConfidence,
            double minLift) {
        int n = transactions.size();
        if (n == 0) {
            return List.of();
        }
        Map<String, Integer> itemCounts = new HashMap<>();
        for (Collection<String> t : transactions) {
            t.stream().distinct().forEach(item -> itemCounts.merge(item, 1, Integer::sum));
        }
        double minCount = minSupport * n;
        List<String> frequent = itemCounts.entrySet().stream()
                .filter(e -> e.getValue() >= minCount - 1e-9)
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < frequent.size(); i++) {
            index.put(frequent.get(i), i);
        }
        Map<Long, int[]> pairs = new HashMap<>();
        for (Collection<String> t : transactions) {
            int[] items = t.stream()
                    .map(index::get)
                    .filter(Objects::nonNull)
                    .mapToInt(Integer::intValue)
                    .distinct()
                    .sorted()
                    .toArray();
            for (int a = 0; a < items.length; a++) {
                for (int b = a + 1; b < items.length; b++) {
                    pairs.computeIfAbsent(((long) items[a] << 32) | items[b], k -> new int[1])[0]++;
                }
            }
        }
        List<Rule> rules = new ArrayList<>();
        for (Map.Entry<Long, int[]> e : pairs.entrySet()) {
            int both = e.getValue()[0];
            if (both < minCount - 1e-9) {
                continue;
            }
            String a = frequent.get((int) (e.getKey() >>> 32));
            String b = frequent.get((int) (e.getKey() & 0xffffffffL));
            add(rules, kind, a, b, both, itemCounts.get(a), itemCounts.get(b), n, minConfidence, minLift);
            add(rules, kind, b, a, both, itemCounts.get(b), itemCounts.get(a), n, minConfidence, minLift);
        }
        rules.sort(Comparator.comparing(Rule::antecedent)
                .thenComparing(Rule::confidence, Comparator.reverseOrder())
                .thenComparing(Rule::consequent));
        return rules;
    }

    private static void add(
            List<Rule> rules,
            String kind,
            String x,
            String y,
            int both,
            int nx,
            int ny,
            int n,
            double minConfidence,
            double minLift) {
        double confidence = (double) both / nx;
        double lift = confidence / ((double) ny / n);
        if (confidence >= minConfidence - 1e-12 && lift >= minLift - 1e-12) {
            rules.add(new Rule(kind, x, y, both, (double) both / n, confidence, lift));
        }
    }

    /** Convenience for tests and the benchmark: transactions given as arrays. */
    public static List<Rule> mine(String kind, List<String[]> transactions, double minSupport, double minConfidence) {
        return mine(kind, transactions.stream().map(Arrays::asList).toList(), minSupport, minConfidence, 0);
    }
}
