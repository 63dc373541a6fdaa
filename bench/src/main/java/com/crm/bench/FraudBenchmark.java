package com.crm.bench;

import com.crm.customer.risk.model.RiskFacts;
import com.crm.customer.risk.model.RiskModel;
import com.crm.customer.risk.model.RiskSettings;
import com.crm.customer.risk.model.SignalKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Offline evaluation of the fraud risk score with customer-service's own model ({@link RiskModel}, compiled from
 * {@code customer-service/src/main/java/com/crm/customer/risk/model}) on generated customers with planted fraud rings,
 * against a single rule (refund ratio). The facts per customer are the aggregates {@code RiskRepository} computes in
 * SQL (purchases and refunds over 365 days, refunds over 30 days, purchases over 7 days against the 180 days before,
 * how many other profiles hold each identifier), here counted from the generated ledger.
 *
 * <p>Honest customers: activity lognormal (median ~6 purchases a year, heavy buyers up to hundreds), refunds at a
 * personal rate (most 0–10 %, 6 % serial returners at 30–70 %: honest, and the refund rule's false positives);
 * households of 2–4 share an address (30 % of customers), a tenth of them a landline too; a few shop or office phones
 * shared by 5–8 honest profiles (the cluster signal's false positives); 3 % of honest customers have one
 * legitimate shopping spree in the last week. Fraud rings: {@code --rings} rings of 3–8 profiles sharing a phone
 * (60 %) or a device (40 %), half of them an address too; each member buys 2–8 times, refunds 40–95 % of it, mostly
 * in the last 30 days, and a third of the rings buy in a burst this week.
 */
final class FraudBenchmark {

    private final int customers;
    private final int rings;
    private final long seed;
    private final double ruleRatio;
    private final RiskSettings settings = RiskSettings.DEFAULTS;

    FraudBenchmark(Map<String, String> options) {
        customers = Integer.parseInt(options.getOrDefault("customers", "50000"));
        rings = Integer.parseInt(options.getOrDefault("rings", "60"));
        seed = Long.parseLong(options.getOrDefault("seed", "20261207"));
        ruleRatio = Double.parseDouble(options.getOrDefault("rule-ratio", "0.5"));
    }

    /** A generated customer: the ledger aggregates and the identifiers it holds. */
    private static final class Person {
        final boolean fraud;
        long purchases;
        double bought;
        long refunds;
        double refunded;
        long recentRefunds;
        long burst;
        long baseline;
        double baselineDays;
        final List<String> ids = new ArrayList<>();

        Person(boolean fraud) {
            this.fraud = fraud;
        }

        double refundRatio() {
            return bought > 0 ? Math.min(1, refunded / bought) : refunds > 0 ? 1 : 0;
        }
    }

    void run() {
        long started = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        List<Person> people = new ArrayList<>();
        for (int i = 0; i < customers; i++) {
            Person p = new Person(false);
            double activity = Math.exp(Math.log(6) + 1.0 * gaussian(random));
            int n = (int) Math.min(400, Math.round(activity));
            double refundRate = random.nextDouble() < 0.06
                    ? 0.3 + 0.4 * random.nextDouble()
                    : 0.1 * random.nextDouble() * random.nextDouble();
            for (int k = 0; k < n; k++) {
                int day = random.nextInt(365);
                double amount = 50 + 450 * random.nextDouble();
                buy(p, day, amount);
                if (random.nextDouble() < refundRate) {
                    refund(p, Math.max(0, day - random.nextInt(14)), amount);
                }
            }
            if (random.nextDouble() < 0.03) {
                int spree = 3 + random.nextInt(6);
                for (int k = 0; k < spree; k++) {
                    buy(p, random.nextInt(7), 100);
                }
            }
            p.baselineDays = n == 0 ? 0 : 180;
            p.ids.add("phone:" + i);
            people.add(p);
        }
        int households = (int) (customers * 0.3 / 3);
        for (int h = 0; h < households; h++) {
            int size = 2 + random.nextInt(3);
            boolean landline = random.nextDouble() < 0.1;
            for (int k = 0; k < size; k++) {
                Person p = people.get(random.nextInt(customers));
                p.ids.add("address:h" + h);
                if (landline) {
                    p.ids.add("phone:h" + h);
                }
            }
        }
        for (int s = 0; s < Math.max(3, customers / 10_000); s++) {
            int size = 5 + random.nextInt(4);
            for (int k = 0; k < size; k++) {
                people.get(random.nextInt(customers)).ids.add("phone:shop" + s);
            }
        }
        int positives = 0;
        for (int r = 0; r < rings; r++) {
            int size = 3 + random.nextInt(6);
            boolean device = random.nextDouble() < 0.4;
            boolean address = random.nextDouble() < 0.5;
            boolean bursty = random.nextDouble() < 1 / 3.0;
            for (int k = 0; k < size; k++) {
                Person p = new Person(true);
                int n = 2 + random.nextInt(7);
                double refundRate = 0.4 + 0.55 * random.nextDouble();
                for (int j = 0; j < n; j++) {
                    int day = bursty && j < 4 ? random.nextInt(7) : random.nextInt(90);
                    double amount = 200 + 800 * random.nextDouble();
                    buy(p, day, amount);
                    if (random.nextDouble() < refundRate) {
                        refund(p, random.nextInt(Math.max(1, Math.min(day + 1, 30))), amount);
                    }
                }
                p.baselineDays = 60;
                p.ids.add((device ? "device:r" : "phone:r") + r);
                p.ids.add("phone:own-r" + r + "-" + k);
                if (address) {
                    p.ids.add("address:r" + r);
                }
                people.add(p);
                positives++;
            }
        }
        Map<String, Integer> holders = new HashMap<>();
        for (Person p : people) {
            for (String id : p.ids) {
                holders.merge(id, 1, Integer::sum);
            }
        }
        long scoreStart = System.nanoTime();
        double[] model = new double[people.size()];
        double[] rule = new double[people.size()];
        for (int i = 0; i < people.size(); i++) {
            Person p = people.get(i);
            List<RiskFacts.Shared> shared = new ArrayList<>();
            for (String id : p.ids) {
                int others = holders.get(id) - 1;
                if (others > 0) {
                    shared.add(new RiskFacts.Shared(kind(id), "…", id, others));
                }
            }
            RiskFacts facts = new RiskFacts(
                    p.purchases,
                    p.bought,
                    p.refunds,
                    p.refunded,
                    p.recentRefunds,
                    p.burst,
                    p.baseline,
                    p.baselineDays,
                    0,
                    shared);
            model[i] = RiskModel.assess(facts, settings).score();
            // the single rule: refund ratio, among customers with at least two refunds (one return is normal)
            rule[i] = p.refunds >= settings.minRefunds() ? p.refundRatio() : 0;
        }
        double scoreMillis = (System.nanoTime() - scoreStart) / 1e6;

        System.out.printf(
                Locale.ROOT,
                "fraud: %,d customers (%,d in %d planted rings), seed %d; scored in %.0f ms (%.1f µs each), %.1f s in"
                        + " all%n",
                people.size(),
                positives,
                rings,
                seed,
                scoreMillis,
                scoreMillis * 1000 / people.size(),
                (System.nanoTime() - started) / 1e9);
        System.out.println("| ranking | K | precision@K | recall@K |");
        System.out.println("|---|---|---|---|");
        for (int k : new int[] {50, 100, 200, positives, 2 * positives}) {
            row("risk score", k, model, people, positives);
            row("refund ratio rule", k, rule, people, positives);
        }
        System.out.println();
        System.out.println("| flagged by | flagged | precision | recall |");
        System.out.println("|---|---|---|---|");
        flagged("risk score ≥ " + settings.reviewThreshold(), model, settings.reviewThreshold(), people, positives);
        flagged("refund ratio > " + ruleRatio, rule, Math.nextUp(ruleRatio), people, positives);
    }

    private static SignalKind kind(String id) {
        return id.startsWith("device:")
                ? SignalKind.SHARED_DEVICE
                : id.startsWith("address:") ? SignalKind.SHARED_ADDRESS : SignalKind.SHARED_PHONE;
    }

    private static void buy(Person p, int daysAgo, double amount) {
        p.purchases++;
        p.bought += amount;
        if (daysAgo < 7) {
            p.burst++;
        } else if (daysAgo < 187) {
            p.baseline++;
        }
    }

    private static void refund(Person p, int daysAgo, double amount) {
        p.refunds++;
        p.refunded += amount;
        if (daysAgo < 30) {
            p.recentRefunds++;
        }
    }

    private void row(String name, int k, double[] scores, List<Person> people, int positives) {
        List<Integer> order = ranked(scores);
        int hits = 0;
        for (int i = 0; i < Math.min(k, order.size()); i++) {
            if (people.get(order.get(i)).fraud) {
                hits++;
            }
        }
        System.out.printf(
                Locale.ROOT, "| %s | %d | %.1f %% | %.1f %% |%n", name, k, 100.0 * hits / k, 100.0 * hits / positives);
    }

    private static void flagged(String name, double[] scores, double threshold, List<Person> people, int positives) {
        int flagged = 0;
        int hits = 0;
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] >= threshold) {
                flagged++;
                hits += people.get(i).fraud ? 1 : 0;
            }
        }
        System.out.printf(
                Locale.ROOT,
                "| %s | %,d | %.1f %% | %.1f %% |%n",
                name,
                flagged,
                flagged == 0 ? 0 : 100.0 * hits / flagged,
                100.0 * hits / positives);
    }

    /**
     * Indices by score, highest first; ties (the rule ties every ratio of 100 %) in a seeded random order, as a queue
     * would show them: neither ranking gains from generation order.
     */
    private List<Integer> ranked(double[] scores) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        double[] tieBreak = new double[scores.length];
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            order.add(i);
            tieBreak[i] = random.nextDouble();
        }
        order.sort(Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparingDouble(i -> tieBreak[i]));
        return order;
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
