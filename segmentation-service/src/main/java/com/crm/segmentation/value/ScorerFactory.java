package com.crm.segmentation.value;

import com.crm.segmentation.SegmentationProperties;
import com.crm.segmentation.fit.FitRepository;
import com.crm.segmentation.model.BgNbd;
import com.crm.segmentation.model.GammaGamma;
import org.springframework.stereotype.Component;

/** The scorer of the current state: latest stored fits and the tier thresholds of the last successful run. */
@Component
public class ScorerFactory {

    private final FitRepository fits;
    private final CustomerValueRepository values;
    private final SegmentationProperties properties;

    ScorerFactory(FitRepository fits, CustomerValueRepository values, SegmentationProperties properties) {
        this.fits = fits;
        this.values = values;
        this.properties = properties;
    }

    private volatile Scorer cached;
    private volatile long cachedAt;

    /** Forgets the cached scorer (a run on this replica just stored new fits and thresholds). */
    public void invalidate() {
        cached = null;
    }

    /** The current scorer, cached for a few seconds: fits and thresholds only change with runs. */
    public Scorer current() {
        Scorer scorer = cached;
        if (scorer == null || System.nanoTime() - cachedAt > 5_000_000_000L) {
            scorer = load();
            cachedAt = System.nanoTime();
            cached = scorer;
        }
        return scorer;
    }

    private Scorer load() {
        BgNbd bg = fits.latest(BgNbd.MODEL).map(f -> BgNbd.of(f.asResult())).orElse(null);
        GammaGamma gg = fits.latest(GammaGamma.MODEL)
                .map(f -> GammaGamma.of(f.asResult()))
                .orElse(null);
        Scorer.Thresholds thresholds = values.lastRunThresholds().orElse(null);
        return new Scorer(properties, bg, gg, thresholds, Scorer.lifecycle(properties));
    }

    public Scorer with(BgNbd bg, GammaGamma gg, Scorer.Thresholds thresholds) {
        return new Scorer(properties, bg, gg, thresholds, Scorer.lifecycle(properties));
    }
}
