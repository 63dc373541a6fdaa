package com.crm.segmentation.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

/** Data whose likelihood has no finite optimum must not break a run: the fit is kept, marked not converged. */
class DegenerateFitTest {

    @Test
    void gammaGammaOnSpendThatNeverVariesReturnsAFiniteFitInsteadOfFailing() {
        int n = 2_000;
        int[] x = new int[n];
        double[] tx = new double[n];
        double[] T = new double[n];
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 1 + i % 7;
            tx[i] = 10 + i % 20;
            T[i] = 40;
            z[i] = 50; // every customer spends exactly the same: q and gamma run off to infinity
        }
        FitResult fit = GammaGamma.fit(new CustomerSummary(x, tx, T, z));
        assertThat(fit.logLikelihood()).isFinite();
        assertThat(fit.parameters().values())
                .allSatisfy(v -> assertThat(v).isFinite().isPositive());
        // whatever the parameters, the mean spend they imply is the observed one
        assertThat(GammaGamma.of(fit).expectedSpend(7, 50)).isCloseTo(50, Percentage.withPercentage(5));
    }
}
