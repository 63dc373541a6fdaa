package com.crm.bench;

import com.crm.segmentation.model.AssociationRules;
import com.crm.segmentation.model.NextBestOffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Offline evaluation of next best offer with segmentation-service's own code ({@link AssociationRules},
 * {@link NextBestOffer}): rules learnt from purchases before a cut-off, hit rate at 5 on what is bought after it,
 * beside a most-popular baseline computed in the same run from the same training data.
 *
 * <ol>
 * <li>Generated: customers with baskets over a year (seeded), item popularity Zipf-like, and planted associations
 * (buying X makes Y likely in the same basket or a later one). Cut-off at 80 % of the year. For each customer with
 * a new product after the cut-off: top 5 from the customer's products before it (owned products never offered);
 * a hit when one of the 5 is among the new products bought after it.</li>
 * <li>Groceries (real baskets, no customers or dates): the first 80 % of the file's baskets train, each later basket
 * with ≥ 2 items hides one item (seeded) and offers 5 from the rest; a hit when the hidden item is among them.</li>
 * </ol>
 */
final class OffersBenchmark {

    private final int customers;
    private final int products;
    private final int planted;
    private final long seed;
    private final double minSupport;
    private final double minConfidence;
    private final String groceries;
    private final double groceriesMinSupport;

    OffersBenchmark(Map<String, String> options) {
        customers = Integer.parseInt(options.getOrDefault("customers", "20000"));
        products = Integer.parseInt(options.getOrDefault("products", "300"));
        planted = Integer.parseInt(options.getOrDefault("planted", "60"));
        seed = Long.parseLong(options.getOrDefault("seed", "20261125"));
        minSupport = Double.parseDouble(options.getOrDefault("min-support", "0.001"));
        minConfidence = Double.parseDouble(options.getOrDefault("min-confidence", "0.05"));
        groceries = options.getOrDefault("groceries", "datasets/groceries/groceries.csv");
        groceriesMinSupport = Double.parseDouble(options.getOrDefault("groceries-min-support", "0.001"));
    }

    private record Basket(int customer, int day, Set<String> items) {}

    void run() throws Exception {
        System.out.printf(
                "offers: %,d customers, %d products, %d planted associations, seed %d, min support %s, "
                        + "min confidence %s, min lift 1%n",
                customers, products, planted, seed, minSupport, minConfidence);
        generated();
        groceries();
    }

    private void generated() {
        SplittableRandom random = new SplittableRandom(seed);
        // Zipf-like popularity: weight 1 / (rank + 10)
        double[] cumulative = new double[products];
        double sum = 0;
        for (int i = 0; i < products; i++) {
            sum += 1.0 / (i + 10);
            cumulative[i] = sum;
        }
        Map<Integer, Integer> partner = new HashMap<>();
        while (partner.size() < planted) {
            int x = random.nextInt(products);
            int y = random.nextInt(products);
            if (x != y && !partner.containsKey(x)) {
                partner.put(x, y);
            }
        }
        int cutoff = 292;
        List<Basket> baskets = new ArrayList<>();
        for (int c = 0; c < customers; c++) {
            int visits = 1 + (int) Math.floor(-Math.log(1 - random.nextDouble()) * 3); // geometric, mean ~ 4
            TreeMap<Integer, Set<String>> byDay = new TreeMap<>();
            for (int v = 0; v < visits; v++) {
                int day = random.nextInt(365);
                Set<String> basket = byDay.computeIfAbsent(day, d -> new LinkedHashSet<>());
                int size = 1 + random.nextInt(3);
                for (int k = 0; k < size; k++) {
                    int item = pick(cumulative, sum, random);
                    basket.add("P" + item);
                    Integer y = partner.get(item);
                    if (y != null) {
                        double u = random.nextDouble();
                        if (u < 0.4) {
                            basket.add("P" + y);
                        } else if (u < 0.7) {
                            int later = day + 1 + random.nextInt(120);
                            if (later < 365) {
                                byDay.computeIfAbsent(later, d -> new LinkedHashSet<>())
                                        .add("P" + y);
                            }
                        }
                    }
                }
            }
            for (var e : byDay.entrySet()) {
                baskets.add(new Basket(c, e.getKey(), e.getValue()));
            }
        }
        long t0 = System.nanoTime();
        List<Set<String>> trainBaskets = new ArrayList<>();
        Map<Integer, Set<String>> before = new HashMap<>();
        Map<Integer, Set<String>> after = new HashMap<>();
        for (Basket b : baskets) {
            if (b.day() < cutoff) {
                trainBaskets.add(b.items());
                before.computeIfAbsent(b.customer(), k -> new HashSet<>()).addAll(b.items());
            } else {
                after.computeIfAbsent(b.customer(), k -> new HashSet<>()).addAll(b.items());
            }
        }
        List<AssociationRules.Rule> rules =
                new ArrayList<>(AssociationRules.mine("BASKET", trainBaskets, minSupport, minConfidence, 1.0));
        rules.addAll(AssociationRules.mine("HISTORY", before.values(), minSupport, minConfidence, 1.0));
        long mineMs = (System.nanoTime() - t0) / 1_000_000;
        List<String> popular = popularity(before.values());
        Map<String, List<AssociationRules.Rule>> byAntecedent = index(rules);

        int evaluated = 0;
        int hitsRules = 0;
        int hitsBackfilled = 0;
        int hitsPopular = 0;
        for (var e : before.entrySet()) {
            Set<String> owned = e.getValue();
            Set<String> fresh = new HashSet<>(after.getOrDefault(e.getKey(), Set.of()));
            fresh.removeAll(owned);
            if (fresh.isEmpty()) {
                continue;
            }
            evaluated++;
            List<String> offered = offers(owned, byAntecedent);
            hitsRules += hit(offered, fresh);
            hitsBackfilled += hit(backfill(offered, popular, owned), fresh);
            hitsPopular += hit(backfill(List.of(), popular, owned), fresh);
        }
        System.out.printf(
                "generated: %,d baskets (%,d before the cut-off, day %d of 365), %,d rules mined in %d ms; "
                        + "%,d customers with a new product after the cut-off%n",
                baskets.size(), trainBaskets.size(), cutoff, rules.size(), mineMs, evaluated);
        report("generated", evaluated, hitsRules, hitsBackfilled, hitsPopular);
    }

    private void groceries() throws Exception {
        Path file = Path.of(groceries);
        if (!Files.exists(file)) {
            System.out.println("groceries: " + file + " not found (--groceries=PATH), skipped");
            return;
        }
        List<Set<String>> baskets = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isEmpty()) {
                baskets.add(new LinkedHashSet<>(List.of(line.split(","))));
            }
        }
        int split = (int) (baskets.size() * 0.8);
        List<Set<String>> train = baskets.subList(0, split);
        long t0 = System.nanoTime();
        List<AssociationRules.Rule> rules =
                AssociationRules.mine("BASKET", train, groceriesMinSupport, minConfidence, 1.0);
        long mineMs = (System.nanoTime() - t0) / 1_000_000;
        List<String> popular = popularity(train);
        Map<String, List<AssociationRules.Rule>> byAntecedent = index(rules);
        Random random = new Random(seed);
        int evaluated = 0;
        int hitsRules = 0;
        int hitsBackfilled = 0;
        int hitsPopular = 0;
        for (Set<String> basket : baskets.subList(split, baskets.size())) {
            if (basket.size() < 2) {
                continue;
            }
            List<String> items = new ArrayList<>(basket);
            String hidden = items.remove(random.nextInt(items.size()));
            Set<String> given = new HashSet<>(items);
            Set<String> target = Set.of(hidden);
            evaluated++;
            List<String> offered = offers(given, byAntecedent);
            hitsRules += hit(offered, target);
            hitsBackfilled += hit(backfill(offered, popular, given), target);
            hitsPopular += hit(backfill(List.of(), popular, given), target);
        }
        System.out.printf(
                "groceries: %,d baskets, %,d train (first 80 %%), %,d rules (min support %s) mined in %d ms; "
                        + "%,d test baskets with ≥ 2 items, one item hidden each%n",
                baskets.size(), split, rules.size(), groceriesMinSupport, mineMs, evaluated);
        report("groceries", evaluated, hitsRules, hitsBackfilled, hitsPopular);
    }

    private static void report(String name, int n, int rules, int backfilled, int popular) {
        System.out.printf(
                "%s hit rate @5: rules %.4f, rules + popular backfill %.4f, most-popular baseline %.4f "
                        + "(n = %,d)%n",
                name, (double) rules / n, (double) backfilled / n, (double) popular / n, n);
        System.out.printf(
                "%s: the method %s the baseline%n",
                name, Math.max(rules, backfilled) > popular ? "BEATS" : "does NOT beat");
    }

    private static int pick(double[] cumulative, double sum, SplittableRandom random) {
        double u = random.nextDouble() * sum;
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] < u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static Map<String, List<AssociationRules.Rule>> index(List<AssociationRules.Rule> rules) {
        Map<String, List<AssociationRules.Rule>> index = new HashMap<>();
        rules.forEach(r ->
                index.computeIfAbsent(r.antecedent(), k -> new ArrayList<>()).add(r));
        return index;
    }

    private static List<String> offers(Set<String> owned, Map<String, List<AssociationRules.Rule>> byAntecedent) {
        List<AssociationRules.Rule> candidates = new ArrayList<>();
        owned.forEach(x -> candidates.addAll(byAntecedent.getOrDefault(x, List.of())));
        return NextBestOffer.rank(owned, Set.of(), true, candidates, 5).stream()
                .map(NextBestOffer.Offer::product)
                .toList();
    }

    /** Products by the number of transactions holding them, most first (ties by name: deterministic). */
    private static List<String> popularity(Collection<Set<String>> transactions) {
        Map<String, Integer> counts = new HashMap<>();
        transactions.forEach(t -> t.forEach(i -> counts.merge(i, 1, Integer::sum)));
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue()
                        .reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey)
                .toList();
    }

    private static List<String> backfill(List<String> offered, List<String> popular, Set<String> owned) {
        List<String> top = new ArrayList<>(offered);
        for (String p : popular) {
            if (top.size() >= 5) {
                break;
            }
            if (!owned.contains(p) && !top.contains(p)) {
                top.add(p);
            }
        }
        return top;
    }

    private static int hit(List<String> offered, Set<String> target) {
        return offered.stream().anyMatch(target::contains) ? 1 : 0;
    }
}
