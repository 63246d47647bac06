package io.fleetanomaly.evaluation.report;

import io.fleetanomaly.evaluation.metrics.ConfusionMatrix;

/**
 * Cost of one missed anomaly (a false negative) and of one false alarm (a false positive), for the
 * cost-weighted threshold. The components are in the order of
 * {@link ConfusionMatrix#cost(double, double)} and
 * {@link io.fleetanomaly.evaluation.metrics.ThresholdSweep#minCost}: missed first.
 *
 * @param costMissed     cost of one FN, finite and {@code >= 0}
 * @param costFalseAlarm cost of one FP, finite and {@code >= 0}
 */
public record CostWeights(double costMissed, double costFalseAlarm) {
    public CostWeights {
        if (!(costMissed >= 0) || !(costFalseAlarm >= 0) || Double.isInfinite(costMissed)
                || Double.isInfinite(costFalseAlarm)) {
            throw new IllegalArgumentException("costs must be finite and >= 0, got missed=" + costMissed
                    + " false alarm=" + costFalseAlarm);
        }
    }

    /** {@code costMissed * FN + costFalseAlarm * FP} of {@code matrix}. */
    public double costOf(ConfusionMatrix matrix) {
        return matrix.cost(costMissed, costFalseAlarm);
    }
}
