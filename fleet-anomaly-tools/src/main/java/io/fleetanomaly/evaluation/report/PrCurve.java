package io.fleetanomaly.evaluation.report;

import java.util.Objects;

/**
 * Precision-recall curve points in the order they should be drawn.
 *
 * @param recall    recall values, 0..1
 * @param precision precision values, 0..1, same length as {@code recall}
 * @param auc       area under the curve (average precision or trapezoidal: the caller's choice)
 */
public record PrCurve(double[] recall, double[] precision, double auc) {
    public PrCurve {
        Objects.requireNonNull(recall, "recall");
        Objects.requireNonNull(precision, "precision");
        ArrayChecks.sameLength("precision", recall.length, precision.length);
    }
}
