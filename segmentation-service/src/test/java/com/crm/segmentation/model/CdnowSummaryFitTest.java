package com.crm.segmentation.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.crm.test.Datasets;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

/** The pure models on the published CDNOW summary (x, t_x, T, zbar): the papers' tables, without Spring or Kafka. */
class CdnowSummaryFitTest {

    private static CustomerSummary summary() throws IOException {
        List<String> lines = Files.readAllLines(Datasets.path("cdnow/cdnow_sample_summary.csv"));
        int n = lines.size() - 1;
        int[] x = new int[n];
        double[] tx = new double[n];
        double[] T = new double[n];
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            String[] f = lines.get(i + 1).split(",");
            x[i] = Integer.parseInt(f[1]);
            tx[i] = Double.parseDouble(f[2]);
            T[i] = Double.parseDouble(f[3]);
            z[i] = Double.parseDouble(f[4]);
        }
        return new CustomerSummary(x, tx, T, z);
    }

    @Test
    void bgNbdReproducesThePublishedParametersAndLogLikelihood() throws IOException {
        FitResult fit = BgNbd.fit(summary());
        assertThat(fit.customers()).isEqualTo(2357);
        assertThat(fit.get("r")).isCloseTo(0.243, Percentage.withPercentage(0.5));
        assertThat(fit.get("alpha")).isCloseTo(4.414, Percentage.withPercentage(0.5));
        assertThat(fit.get("a")).isCloseTo(0.793, Percentage.withPercentage(0.5));
        assertThat(fit.get("b")).isCloseTo(2.426, Percentage.withPercentage(0.5));
        assertThat(fit.logLikelihood()).isCloseTo(-9582.4, Percentage.withPercentage(0.5));
        assertThat(fit.converged()).isTrue();
    }

    @Test
    void gammaGammaReproducesThePublishedParameters() throws IOException {
        FitResult fit = GammaGamma.fit(summary());
        assertThat(fit.customers()).isEqualTo(946);
        assertThat(fit.get("p")).isCloseTo(6.25, Percentage.withPercentage(0.5));
        assertThat(fit.get("q")).isCloseTo(3.74, Percentage.withPercentage(0.5));
        assertThat(fit.get("gamma")).isCloseTo(15.44, Percentage.withPercentage(0.5));
    }

    @Test
    void predictionsMatchTheClosedFormsAtThePublishedParameters() {
        BgNbd model = new BgNbd(0.243, 4.414, 0.793, 2.426);
        // no repeat purchase: alive by assumption of the model
        assertThat(model.pAlive(0, 0, 38.86)).isEqualTo(1.0);
        // more recent last purchase, more likely alive
        assertThat(model.pAlive(2, 30.43, 38.86)).isGreaterThan(model.pAlive(2, 5, 38.86));
        // E[Y(t)] grows with t and is 0 at 0
        assertThat(model.expectedPurchases(0, 2, 30.43, 38.86)).isZero();
        assertThat(model.expectedPurchases(39, 2, 30.43, 38.86))
                .isGreaterThan(model.expectedPurchases(10, 2, 30.43, 38.86));
        assertThat(Hypergeometric.hyp2f1(1, 1, 2, 0.5)).isCloseTo(-Math.log(0.5) / 0.5, within(1e-12));
    }
}
