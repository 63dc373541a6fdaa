package com.crm.segmentation.fit;

import com.crm.segmentation.model.FitResult;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.UUID;

/**
 * A stored fit. {@code periodDays}: the time unit (7 = weeks); the calibration window runs from the first purchase
 * ({@code calibrationStart}) to {@code calibrationEnd} inclusive.
 */
public record StoredFit(
        UUID id,
        String model,
        LinkedHashMap<String, Double> parameters,
        double logLikelihood,
        int customers,
        LocalDate calibrationStart,
        LocalDate calibrationEnd,
        int periodDays,
        long durationMs,
        boolean converged,
        int evaluations,
        UUID runId,
        Instant fittedAt) {

    public FitResult asResult() {
        return new FitResult(model, parameters, logLikelihood, customers, evaluations, converged);
    }
}
