package com.crm.bench;

import com.crm.segmentation.model.BgNbd;
import com.crm.segmentation.model.CustomerSummary;
import com.crm.segmentation.model.FitResult;
import com.crm.segmentation.model.GammaGamma;
import com.crm.segmentation.model.ValueScoring;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * The compute core of segmentation-service's full recompute at scale, in memory: N customers with purchases
 * generated (seeded) by a known BG/NBD + Gamma-Gamma process over two years, aggregated per distinct day to
 * (x, t_x, T, zbar), then the same code the service runs: both fits, P(alive), expected purchases, CLV, RFM quintiles,
 * tiers. Prints times, peak heap, and how close the recovered parameters are to the true ones; then the CDNOW fit.
 */
final class SegmentationBenchmark {

    private final int customers;
    private final long seed;
    private final String cdnow;
    // the true process (weeks)
    private final double r;
    private final double alpha;
    private final double a;
    private final double b;
    private final double p;
    private final double q;
    private final double gamma;

    SegmentationBenchmark(Map<String, String> options) {
        customers = Integer.parseInt(options.getOrDefault("customers", "1000000"));
        seed = Long.parseLong(options.getOrDefault("seed", "20261125"));
        cdnow = options.getOrDefault("cdnow", "datasets/cdnow/CDNOW_sample.txt");
        r = Double.parseDouble(options.getOrDefault("r", "1.5"));
        alpha = Double.parseDouble(options.getOrDefault("alpha", "7.5"));
        a = Double.parseDouble(options.getOrDefault("a", "0.6"));
        b = Double.parseDouble(options.getOrDefault("b", "6"));
        p = Double.parseDouble(options.getOrDefault("p", "6"));
        q = Double.parseDouble(options.getOrDefault("q", "4"));
        gamma = Double.parseDouble(options.getOrDefault("gamma", "15"));
    }

    void run() throws Exception {
        System.out.printf(
                "segmentation: %,d customers, seed %d, true BG/NBD r=%s alpha=%s a=%s b=%s, "
                        + "Gamma-Gamma p=%s q=%s gamma=%s; %d cores, max heap %d MiB%n",
                customers,
                seed,
                r,
                alpha,
                a,
                b,
                p,
                q,
                gamma,
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        int[] x = new int[customers];
        double[] tx = new double[customers];
        double[] T = new double[customers];
        double[] zbar = new double[customers];
        double[] total = new double[customers];
        int[] lastDay = new int[customers];
        long[] purchases = new long[64];
        long t0 = System.nanoTime();
        int chunks = 64;
        IntStream.range(0, chunks).parallel().forEach(c -> {
            SplittableRandom random = new SplittableRandom(seed * 1_000_003L + c);
            int from = (int) ((long) customers * c / chunks);
            int to = (int) ((long) customers * (c + 1) / chunks);
            long count = 0;
            for (int i = from; i < to; i++) {
                count += simulate(random, i, x, tx, T, zbar, total, lastDay);
            }
            purchases[c] = count;
        });
        long lines = Arrays.stream(purchases).sum();
        double genSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
                "generated %,d purchases (%,d purchase days) in %.1f s (not part of the recompute)%n",
                lines, Arrays.stream(x).asLongStream().sum() + customers, genSeconds);

        long start = System.nanoTime();
        CustomerSummary summary = new CustomerSummary(x, tx, T, zbar);
        long f0 = System.nanoTime();
        FitResult bg = BgNbd.fit(summary);
        long f1 = System.nanoTime();
        FitResult gg = GammaGamma.fit(summary);
        long f2 = System.nanoTime();
        BgNbd bgModel = BgNbd.of(bg);
        GammaGamma ggModel = GammaGamma.of(gg);
        double[] pAlive = new double[customers];
        double[] clv = new double[customers];
        double rate = ValueScoring.periodRate(0.10, 7);
        IntStream.range(0, customers).parallel().forEach(i -> {
            pAlive[i] = bgModel.pAlive(x[i], tx[i], T[i]);
            clv[i] = ValueScoring.clv(bgModel, ggModel, x[i], tx[i], T[i], zbar[i], 52, 4, rate);
        });
        long s1 = System.nanoTime();
        double[] recency = new double[customers];
        double[] frequency = new double[customers];
        for (int i = 0; i < customers; i++) {
            recency[i] = 730 - lastDay[i];
            frequency[i] = x[i] + 1;
        }
        byte[] rs = ValueScoring.quintiles(recency, true);
        byte[] fs = ValueScoring.quintiles(frequency, false);
        byte[] ms = ValueScoring.quintiles(total, false);
        double[] sorted = clv.clone();
        Arrays.parallelSort(sorted);
        double sMin = sorted[(int) (0.95 * customers)];
        double aMin = sorted[(int) (0.80 * customers)];
        double bMin = sorted[(int) (0.50 * customers)];
        int[] tiers = new int[4];
        Map<String, Integer> segments = new TreeMap<>();
        for (int i = 0; i < customers; i++) {
            tiers["SABC".indexOf(ValueScoring.tier(clv[i], sMin, aMin, bMin))]++;
            segments.merge(ValueScoring.rfmSegment(rs[i], fs[i], ms[i]), 1, Integer::sum);
        }
        long end = System.nanoTime();
        System.out.printf(
                "recompute: %.1f s in all (BG/NBD fit %.1f s, Gamma-Gamma fit %.1f s, P(alive)+CLV %.1f s, "
                        + "RFM+tiers %.1f s); peak heap %d MiB%n",
                (end - start) / 1e9,
                (f1 - f0) / 1e9,
                (f2 - f1) / 1e9,
                (s1 - f2) / 1e9,
                (end - s1) / 1e9,
                peakHeapMiB());
        System.out.printf(
                "BG/NBD recovered   r=%.4f alpha=%.4f a=%.4f b=%.4f (LL %.1f, %d evaluations)%n",
                bg.get("r"), bg.get("alpha"), bg.get("a"), bg.get("b"), bg.logLikelihood(), bg.evaluations());
        System.out.printf(
                "            error  r %+.2f%%  alpha %+.2f%%  a %+.2f%%  b %+.2f%%%n",
                err(bg.get("r"), r), err(bg.get("alpha"), alpha), err(bg.get("a"), a), err(bg.get("b"), b));
        System.out.printf(
                "Gamma-Gamma recovered p=%.4f q=%.4f gamma=%.4f (%,d customers with repeats)%n",
                gg.get("p"), gg.get("q"), gg.get("gamma"), gg.customers());
        System.out.printf(
                "            error  p %+.2f%%  q %+.2f%%  gamma %+.2f%%%n",
                err(gg.get("p"), p), err(gg.get("q"), q), err(gg.get("gamma"), gamma));
        System.out.printf(
                "tiers S/A/B/C: %,d / %,d / %,d / %,d; RFM segments %s%n",
                tiers[0], tiers[1], tiers[2], tiers[3], segments);
        cdnow();
    }

    /** One customer of the true process; returns the purchases (lines) generated. */
    private long simulate(
            SplittableRandom random,
            int i,
            int[] x,
            double[] tx,
            double[] T,
            double[] zbar,
            double[] total,
            int[] lastDay) {
        int firstDay = random.nextInt(365);
        double window = (730 - firstDay) / 7.0;
        double lambda = gammaSample(random, r) / alpha;
        double dropout = betaSample(random, a, b);
        double nu = gammaSample(random, q) / gamma;
        double t = 0;
        int repeats = 0;
        int last = firstDay;
        int previousDay = firstDay;
        double repeatSpend = 0;
        double spend = gammaSample(random, p) / nu;
        long lines = 1;
        while (true) {
            t += -Math.log(1 - random.nextDouble()) / lambda;
            if (t > window) {
                break;
            }
            int day = firstDay + (int) (t * 7);
            double amount = gammaSample(random, p) / nu;
            lines++;
            if (day != previousDay) {
                repeats++;
                previousDay = day;
                last = day;
            }
            repeatSpend += amount;
            spend += amount;
            if (random.nextDouble() < dropout) {
                break;
            }
        }
        x[i] = repeats;
        T[i] = window;
        tx[i] = (last - firstDay) / 7.0;
        zbar[i] = repeats > 0 ? repeatSpend / repeats : 0;
        total[i] = spend;
        lastDay[i] = last;
        return lines;
    }

    /** Marsaglia-Tsang gamma(shape, 1). */
    private static double gammaSample(SplittableRandom random, double shape) {
        if (shape < 1) {
            return gammaSample(random, shape + 1) * Math.pow(random.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double z;
            double v;
            do {
                z = normal(random);
                v = 1 + c * z;
            } while (v <= 0);
            v = v * v * v;
            double u = random.nextDouble();
            if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }

    private static double normal(SplittableRandom random) {
        double u1 = 1 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    private static double betaSample(SplittableRandom random, double a, double b) {
        double x = gammaSample(random, a);
        return x / (x + gammaSample(random, b));
    }

    private static double err(double got, double truth) {
        return 100 * (got - truth) / truth;
    }

    private static long peakHeapMiB() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }

    /** The CDNOW calibration fit from the raw lines, beside the published figures. */
    private void cdnow() throws Exception {
        Path file = Path.of(cdnow);
        if (!Files.isRegularFile(file)) {
            System.out.println("CDNOW: " + file + " not found (--cdnow=PATH), skipped");
            return;
        }
        long t0 = System.nanoTime();
        LocalDate end = LocalDate.of(1997, 9, 30);
        Map<String, TreeMap<LocalDate, Double>> days = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 5) {
                continue;
            }
            LocalDate day = LocalDate.parse(f[2], DateTimeFormatter.BASIC_ISO_DATE);
            if (!day.isAfter(end)) {
                days.computeIfAbsent(f[1], k -> new TreeMap<>()).merge(day, Double.parseDouble(f[4]), Double::sum);
            }
        }
        int n = days.size();
        int[] x = new int[n];
        double[] tx = new double[n];
        double[] T = new double[n];
        double[] z = new double[n];
        int i = 0;
        for (TreeMap<LocalDate, Double> d : days.values()) {
            List<Double> amounts = List.copyOf(d.values());
            x[i] = d.size() - 1;
            tx[i] = ChronoUnit.DAYS.between(d.firstKey(), d.lastKey()) / 7.0;
            T[i] = ChronoUnit.DAYS.between(d.firstKey(), end) / 7.0;
            z[i] = x[i] == 0
                    ? 0
                    : amounts.subList(1, amounts.size()).stream()
                                    .mapToDouble(Double::doubleValue)
                                    .sum()
                            / x[i];
            i++;
        }
        CustomerSummary summary = new CustomerSummary(x, tx, T, z);
        long t1 = System.nanoTime();
        FitResult bg = BgNbd.fit(summary);
        long t2 = System.nanoTime();
        FitResult gg = GammaGamma.fit(summary);
        long t3 = System.nanoTime();
        System.out.printf(
                "CDNOW (%d customers): BG/NBD r=%.4f alpha=%.4f a=%.4f b=%.4f LL=%.2f in %d ms "
                        + "(published 0.243 / 4.414 / 0.793 / 2.426, LL -9582.4); Gamma-Gamma p=%.3f q=%.3f "
                        + "gamma=%.3f in %d ms (published 6.25 / 3.74 / 15.44); parsing %d ms%n",
                n,
                bg.get("r"),
                bg.get("alpha"),
                bg.get("a"),
                bg.get("b"),
                bg.logLikelihood(),
                (t2 - t1) / 1_000_000,
                gg.get("p"),
                gg.get("q"),
                gg.get("gamma"),
                (t3 - t2) / 1_000_000,
                (t1 - t0) / 1_000_000);
    }
}
