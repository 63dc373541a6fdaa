package com.crm.segmentation.model;

/** Gauss's hypergeometric function 2F1(a, b; c; z) by its power series, for 0 <= z < 1 and c > 0. */
public final class Hypergeometric {

    private Hypergeometric() {}

    public static double hyp2f1(double a, double b, double c, double z) {
        if (z < 0 || z >= 1) {
            throw new IllegalArgumentException("z must be in [0, 1): " + z);
        }
        double term = 1.0;
        double sum = 1.0;
        for (int k = 0; k < 100_000; k++) {
            term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z;
            sum += term;
            if (Math.abs(term) <= 1e-15 * Math.abs(sum)) {
                return sum;
            }
        }
        return sum;
    }
}
