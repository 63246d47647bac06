package io.fleetanomaly.evaluation.report;

/** Alert-output counts when the alert threshold is set to {@code threshold}. */
public record SweepRow(double threshold, long tp, long fp, long fn, long tn) {
    public SweepRow {
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("sweep threshold must be finite: " + threshold);
        }
        new ConfusionMatrix(tp, fp, fn, tn); // validates the counts
    }

    public ConfusionMatrix confusion() {
        return new ConfusionMatrix(tp, fp, fn, tn);
    }
}
