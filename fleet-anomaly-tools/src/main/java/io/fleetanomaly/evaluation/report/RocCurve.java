package io.fleetanomaly.evaluation.report;

import java.util.Objects;

/**
 * ROC curve points in the order they should be drawn (usually by decreasing threshold).
 *
 * @param fpr false-positive rates, 0..1
 * @param tpr true-positive rates, 0..1, same length as {@code fpr}
 * @param auc area under the curve
 */
public record RocCurve(double[] fpr, double[] tpr, double auc) {
    public RocCurve {
        Objects.requireNonNull(fpr, "fpr");
        Objects.requireNonNull(tpr, "tpr");
        ArrayChecks.sameLength("tpr", fpr.length, tpr.length);
    }
}
