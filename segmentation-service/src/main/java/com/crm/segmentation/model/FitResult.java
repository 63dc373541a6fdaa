package com.crm.segmentation.model;

import java.util.LinkedHashMap;
import java.util.Map;

/** One maximum-likelihood fit: named parameters, log-likelihood at them, customers used, optimiser evaluations. */
public record FitResult(
        String model,
        LinkedHashMap<String, Double> parameters,
        double logLikelihood,
        int customers,
        int evaluations,
        boolean converged) {

    public double get(String name) {
        Double value = parameters.get(name);
        if (value == null) {
            throw new IllegalArgumentException(model + " has no parameter " + name);
        }
        return value;
    }

    public Map<String, Double> parameterMap() {
        return Map.copyOf(parameters);
    }
}
