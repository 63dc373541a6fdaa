package com.crm.interaction.agent.fit;

/**
 * Empirical-Bayes shrinkage of a rate toward a prior mean (beta-binomial): with a Beta prior of mean {@code p0} and
 * strength {@code k} (pseudo-observations), the posterior mean after {@code s} successes in {@code n} trials is
 * {@code (s + k * p0) / (n + k)}. An agent with two contacts stays close to the team's average; one with hundreds is
 * ranked on their own record. Pure Java: the offline benchmark compiles this package as it is.
 */
public final class Shrinkage {

    private Shrinkage() {}

    /** The posterior mean; {@code priorMean} when there are no trials. */
    public static double shrunk(long successes, long trials, double priorMean, double priorStrength) {
        if (trials < 0 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException("need 0 <= successes <= trials, got " + successes + "/" + trials);
        }
        if (priorStrength < 0) {
            throw new IllegalArgumentException("prior strength must not be negative");
        }
        if (trials == 0 && priorStrength == 0) {
            return priorMean;
        }
        return (successes + priorStrength * priorMean) / (trials + priorStrength);
    }
}
