package io.fleetanomaly.evaluation.report;

import io.fleetanomaly.evaluation.metrics.SweepRow;
import java.util.Objects;

/**
 * One detector's (or the fused score's) event-level quality.
 *
 * @param name        detector name as in the bundle: {@code iforest}, {@code mahalanobis}, {@code lstm_ae}, {@code fused}
 * @param roc         ROC curve and its area
 * @param pr          precision-recall curve and its area
 * @param atThreshold the detector's threshold (an event is flagged when its score {@code >=} it) and
 *                    the confusion matrix it gives; the page shows precision, recall, F1, FAR and
 *                    MAR from it
 * @param scores      samples of the score on normal and on anomalous events (for distributions)
 */
public record DetectorResult(
        String name,
        RocCurve roc,
        PrCurve pr,
        SweepRow atThreshold,
        ScoreSamples scores) {

    public DetectorResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(roc, "roc");
        Objects.requireNonNull(pr, "pr");
        Objects.requireNonNull(atThreshold, "atThreshold");
        Objects.requireNonNull(scores, "scores");
    }
}
