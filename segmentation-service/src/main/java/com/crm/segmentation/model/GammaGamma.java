package com.crm.segmentation.model;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.hipparchus.special.Gamma;

/**
 * The Gamma-Gamma model of spend per purchase (Fader &amp; Hardie 2013): fitted by maximum likelihood on the
 * customers with repeat purchases (x &gt; 0, zbar &gt; 0) from (x, zbar); predicts the expected mean spend.
 */
public record GammaGamma(double p, double q, double gamma) {

    public static final String MODEL = "GAMMA_GAMMA";

    public static FitResult fit(CustomerSummary data) {
        Map<Long, Map<Double, double[]>> groups = new HashMap<>();
        int used = 0;
        for (int i = 0; i < data.size(); i++) {
            if (data.x()[i] > 0 && data.zbar()[i] > 0) {
                groups.computeIfAbsent((long) data.x()[i], k -> new HashMap<>())
                        .computeIfAbsent(data.zbar()[i], k -> new double[1])[0]++;
                used++;
            }
        }
        int n = groups.values().stream().mapToInt(Map::size).sum();
        double[] x = new double[n];
        double[] z = new double[n];
        double[] w = new double[n];
        int k = 0;
        for (var byX : new TreeMap<>(groups).entrySet()) {
            for (var byZ : new TreeMap<>(byX.getValue()).entrySet()) {
                x[k] = byX.getKey();
                z[k] = byZ.getKey();
                w[k] = byZ.getValue()[0];
                k++;
            }
        }
        double[] logZ = new double[n];
        double[] logX = new double[n];
        for (int i = 0; i < n; i++) {
            logZ[i] = Math.log(z[i]);
            logX[i] = Math.log(x[i]);
        }
        double meanZ = 0;
        for (int i = 0; i < n; i++) {
            meanZ += w[i] * z[i];
        }
        meanZ = used == 0 ? 1 : meanZ / used;
        MaximumLikelihood.Optimum optimum = MaximumLikelihood.maximise(
                par -> logLikelihood(x, z, logX, logZ, w, par[0], par[1], par[2]), new double[] {1, 1, meanZ});
        double[] par = optimum.parameters();
        LinkedHashMap<String, Double> named = new LinkedHashMap<>();
        named.put("p", par[0]);
        named.put("q", par[1]);
        named.put("gamma", par[2]);
        return new FitResult(MODEL, named, optimum.logLikelihood(), used, optimum.evaluations(), optimum.converged());
    }

    public static GammaGamma of(FitResult fit) {
        return new GammaGamma(fit.get("p"), fit.get("q"), fit.get("gamma"));
    }

    private static double logLikelihood(
            double[] x, double[] z, double[] logX, double[] logZ, double[] w, double p, double q, double gamma) {
        int chunks = Math.max(1, Math.min(64, x.length / 4096));
        double[] partial = new double[chunks];
        double lgQ = Gamma.logGamma(q);
        double qLogGamma = q * Math.log(gamma);
        IntStream.range(0, chunks).parallel().forEach(c -> {
            int from = (int) ((long) x.length * c / chunks);
            int to = (int) ((long) x.length * (c + 1) / chunks);
            double sum = 0;
            for (int i = from; i < to; i++) {
                double px = p * x[i];
                sum += w[i]
                        * (Gamma.logGamma(px + q)
                                - Gamma.logGamma(px)
                                - lgQ
                                + qLogGamma
                                + (px - 1) * logZ[i]
                                + px * logX[i]
                                - (px + q) * Math.log(gamma + x[i] * z[i]));
            }
            partial[c] = sum;
        });
        double total = 0;
        for (double v : partial) {
            total += v;
        }
        return total;
    }

    /** E[M | x, zbar]: the expected spend per purchase of a customer (the population mean when x = 0). */
    public double expectedSpend(int x, double zbar) {
        if (x == 0 || zbar <= 0) {
            return p * gamma / (q - 1);
        }
        return p * (gamma + x * zbar) / (p * x + q - 1);
    }
}
