package com.crm.segmentation.model;

import java.util.function.ToDoubleFunction;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.MaxIter;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.hipparchus.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * Maximises a log-likelihood over positive parameters with Hipparchus's Nelder-Mead simplex, searching in
 * log-parameter space (so every parameter stays positive) and restarting from the best point until a restart no
 * longer improves: a simplex can stall before the optimum, a restart with a fresh simplex moves it on.
 */
final class MaximumLikelihood {

    record Optimum(double[] parameters, double logLikelihood, int evaluations, boolean converged) {}

    static final int MAX_EVALUATIONS = 20_000;
    static final double MAX_LOG = 30;

    private MaximumLikelihood() {}

    static Optimum maximise(ToDoubleFunction<double[]> logLikelihood, double[] start) {
        int n = start.length;
        double[] point = new double[n];
        for (int i = 0; i < n; i++) {
            point[i] = Math.log(start[i]);
        }
        // the best point seen, kept in case the optimiser gives up (a likelihood whose optimum lies at infinity,
        // e.g. spend that barely varies between customers): the fit is then stored with converged = false
        double[] bestSeen = point.clone();
        double[] bestSeenValue = {Double.NEGATIVE_INFINITY};
        ObjectiveFunction objective = new ObjectiveFunction(logPoint -> {
            double[] p = new double[n];
            for (int i = 0; i < n; i++) {
                if (Math.abs(logPoint[i]) > MAX_LOG) {
                    return -1e300; // parameters outside [e^-30, e^30]: no model anyone could use
                }
                p[i] = Math.exp(logPoint[i]);
            }
            double ll = logLikelihood.applyAsDouble(p);
            double value = Double.isFinite(ll) ? ll : -1e300;
            synchronized (bestSeen) {
                if (value > bestSeenValue[0]) {
                    bestSeenValue[0] = value;
                    System.arraycopy(logPoint, 0, bestSeen, 0, n);
                }
            }
            return value;
        });
        double best = Double.NEGATIVE_INFINITY;
        int evaluations = 0;
        boolean converged = false;
        for (int restart = 0; restart < 12; restart++) {
            SimplexOptimizer optimizer = new SimplexOptimizer(1e-13, 1e-11);
            PointValuePair result;
            try {
                result = optimizer.optimize(
                        new MaxEval(MAX_EVALUATIONS),
                        new MaxIter(MAX_EVALUATIONS),
                        objective,
                        GoalType.MAXIMIZE,
                        new InitialGuess(point),
                        new NelderMeadSimplex(n, restart == 0 ? 1.0 : 0.1));
            } catch (MathIllegalStateException tooManyEvaluations) {
                evaluations += optimizer.getEvaluations();
                point = bestSeen.clone();
                best = bestSeenValue[0];
                converged = false;
                break;
            }
            evaluations += optimizer.getEvaluations();
            double improvement = result.getValue() - best;
            point = result.getPoint();
            best = result.getValue();
            if (improvement < 1e-9) {
                converged = true;
                break;
            }
        }
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = Math.exp(point[i]);
        }
        return new Optimum(p, best, evaluations, converged);
    }
}
