package com.crm.segmentation.model;

import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.hipparchus.special.Gamma;

/**
 * The BG/NBD model (Fader, Hardie &amp; Lee 2005, "Counting Your Customers the Easy Way"): purchases while alive are
 * Poisson with a gamma(r, alpha) rate, after each purchase a customer drops out with a beta(a, b) probability.
 * Fitted by maximum likelihood on (x, t_x, T); the predictions are the paper's closed forms.
 */
public record BgNbd(double r, double alpha, double a, double b) {

    public static final String MODEL = "BG_NBD";

    /**
     * Fits the model. Customers sharing (x, t_x, T) contribute identical terms, so the likelihood is evaluated once
     * per distinct triple with its count as weight (exact, not an approximation); terms that depend on x alone are
     * computed once per distinct x and evaluation.
     */
    public static FitResult fit(CustomerSummary data) {
        Grouped g = Grouped.of(data);
        MaximumLikelihood.Optimum optimum =
                MaximumLikelihood.maximise(p -> g.logLikelihood(p[0], p[1], p[2], p[3]), new double[] {1, 1, 1, 1});
        double[] p = optimum.parameters();
        LinkedHashMap<String, Double> named = new LinkedHashMap<>();
        named.put("r", p[0]);
        named.put("alpha", p[1]);
        named.put("a", p[2]);
        named.put("b", p[3]);
        return new FitResult(
                MODEL, named, optimum.logLikelihood(), data.size(), optimum.evaluations(), optimum.converged());
    }

    public static BgNbd of(FitResult fit) {
        return new BgNbd(fit.get("r"), fit.get("alpha"), fit.get("a"), fit.get("b"));
    }

    /** The log-likelihood of the whole population at these parameters. */
    public static double logLikelihood(CustomerSummary data, double r, double alpha, double a, double b) {
        return Grouped.of(data).logLikelihood(r, alpha, a, b);
    }

    /** P(alive | x, t_x, T). */
    public double pAlive(int x, double tx, double T) {
        if (x == 0) {
            return 1.0;
        }
        return 1.0 / (1.0 + a / (b + x - 1) * Math.pow((alpha + T) / (alpha + tx), r + x));
    }

    /** E[Y(t) | x, t_x, T]: purchases expected in the next t periods. */
    public double expectedPurchases(double t, int x, double tx, double T) {
        if (t <= 0) {
            return 0;
        }
        double z = t / (alpha + T + t);
        double hyp = Hypergeometric.hyp2f1(r + x, b + x, a + b + x - 1, z);
        double first = (a + b + x - 1) / (a - 1) * (1 - Math.pow((alpha + T) / (alpha + T + t), r + x) * hyp);
        double denominator = 1 + (x > 0 ? a / (b + x - 1) * Math.pow((alpha + T) / (alpha + tx), r + x) : 0);
        return first / denominator;
    }

    /** Sufficient statistics grouped by distinct (x, t_x, T). */
    private record Grouped(int[] x, double[] tx, double[] T, double[] weight, int[] distinctX, int[] xIndex) {

        static Grouped of(CustomerSummary data) {
            record Key(int x, double tx, double T) {}
            Map<Key, double[]> counts = new HashMap<>();
            for (int i = 0; i < data.size(); i++) {
                counts.computeIfAbsent(new Key(data.x()[i], data.tx()[i], data.T()[i]), k -> new double[1])[0]++;
            }
            int n = counts.size();
            int[] x = new int[n];
            double[] tx = new double[n];
            double[] T = new double[n];
            double[] w = new double[n];
            // a fixed order, so the floating-point sum is the same on every run
            var keys = counts.keySet().stream()
                    .sorted(Comparator.comparingInt(Key::x)
                            .thenComparingDouble(Key::tx)
                            .thenComparingDouble(Key::T))
                    .toList();
            Map<Integer, Integer> xs = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                Key k = keys.get(i);
                x[i] = k.x();
                tx[i] = k.tx();
                T[i] = k.T();
                w[i] = counts.get(k)[0];
                xs.putIfAbsent(k.x(), xs.size());
            }
            int[] distinct = xs.keySet().stream().mapToInt(Integer::intValue).toArray();
            int[] index = new int[n];
            for (int i = 0; i < n; i++) {
                index[i] = xs.get(x[i]);
            }
            return new Grouped(x, tx, T, w, distinct, index);
        }

        double logLikelihood(double r, double alpha, double a, double b) {
            // terms in x alone: ln G(r+x) - ln G(r) + r ln alpha + ln B(a, b+x) - ln B(a, b)
            double[] byX = new double[distinctX.length];
            double lgR = Gamma.logGamma(r);
            double lgB = Gamma.logGamma(b);
            double lgAB = Gamma.logGamma(a + b);
            for (int j = 0; j < distinctX.length; j++) {
                int xj = distinctX[j];
                byX[j] = Gamma.logGamma(r + xj)
                        - lgR
                        + r * Math.log(alpha)
                        + lgAB
                        + Gamma.logGamma(b + xj)
                        - lgB
                        - Gamma.logGamma(a + b + xj);
            }
            int chunks = Math.max(1, Math.min(64, x.length / 4096));
            double[] partial = new double[chunks];
            IntStream.range(0, chunks).parallel().forEach(c -> {
                int from = (int) ((long) x.length * c / chunks);
                int to = (int) ((long) x.length * (c + 1) / chunks);
                double sum = 0;
                for (int i = from; i < to; i++) {
                    int xi = x[i];
                    double a3 = -(r + xi) * Math.log(alpha + T[i]);
                    double term;
                    if (xi > 0) {
                        double a4 = Math.log(a) - Math.log(b + xi - 1) - (r + xi) * Math.log(alpha + tx[i]);
                        double max = Math.max(a3, a4);
                        term = max + Math.log(Math.exp(a3 - max) + Math.exp(a4 - max));
                    } else {
                        term = a3;
                    }
                    sum += weight[i] * (byX[xIndex[i]] + term);
                }
                partial[c] = sum;
            });
            double total = 0;
            for (double p : partial) {
                total += p;
            }
            return total;
        }
    }
}
