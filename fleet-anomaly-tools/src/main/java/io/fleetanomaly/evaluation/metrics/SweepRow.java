package io.fleetanomaly.evaluation.metrics;

/**
 * One operating point of a sweep: a threshold (a score threshold, a CUSUM decision interval, any
 * knob where larger means fewer alarms) and the confusion matrix it gives.
 */
public record SweepRow(double threshold, ConfusionMatrix matrix) {
    public SweepRow {
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("sweep threshold is NaN");
        }
        if (matrix == null) {
            throw new IllegalArgumentException("sweep row at threshold " + threshold + " has no confusion matrix");
        }
    }
}
