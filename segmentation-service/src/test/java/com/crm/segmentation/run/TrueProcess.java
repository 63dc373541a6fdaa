package com.crm.segmentation.run;

import java.util.SplittableRandom;

/**
 * Customers drawn from a known BG/NBD + Gamma-Gamma process (weeks; first purchase uniform in year one, observed over
 * two years), for the benchmark's seed and the fits' tests.
 */
final class TrueProcess {

    static final double R = 1.5;
    static final double ALPHA = 7.5;
    static final double A = 0.6;
    static final double B = 6;
    static final double P = 6;
    static final double Q = 4;
    static final double GAMMA = 15;
    /** Days observed: purchases fall on days 0 to 729. */
    static final int DAYS = 730;

    /** Receives one customer's purchases, in time order. */
    @FunctionalInterface
    interface Purchases {
        void purchase(int day, double amount);
    }

    private TrueProcess() {}

    /** One customer's purchases; @return how many. */
    static long simulate(SplittableRandom random, Purchases out) {
        int firstDay = random.nextInt(365);
        double window = (DAYS - firstDay) / 7.0;
        double lambda = gammaSample(random, R) / ALPHA;
        double dropout = betaSample(random, A, B);
        double nu = gammaSample(random, Q) / GAMMA;
        out.purchase(firstDay, gammaSample(random, P) / nu);
        long purchases = 1;
        double t = 0;
        while (true) {
            t += -Math.log(1 - random.nextDouble()) / lambda;
            if (t > window) {
                break;
            }
            out.purchase(firstDay + (int) (t * 7), gammaSample(random, P) / nu);
            purchases++;
            if (random.nextDouble() < dropout) {
                break;
            }
        }
        return purchases;
    }

    /** Marsaglia-Tsang gamma(shape, 1). */
    static double gammaSample(SplittableRandom random, double shape) {
        if (shape < 1) {
            return gammaSample(random, shape + 1) * Math.pow(random.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double z;
            double v;
            do {
                z = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
                v = 1 + c * z;
            } while (v <= 0);
            v = v * v * v;
            double u = random.nextDouble();
            if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }

    static double betaSample(SplittableRandom random, double a, double b) {
        double x = gammaSample(random, a);
        return x / (x + gammaSample(random, b));
    }
}
