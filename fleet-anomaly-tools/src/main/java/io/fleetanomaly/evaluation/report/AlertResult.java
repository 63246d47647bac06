package io.fleetanomaly.evaluation.report;

import io.fleetanomaly.evaluation.metrics.ConfusionMatrix;
import java.util.Objects;

/**
 * Quality of the alert output at the threshold the run used.
 *
 * @param threshold              the alert threshold the run used (CUSUM decision interval h)
 * @param confusion              events under an open alert against labeled events
 * @param nab                    NAB scores of the alerts
 * @param meanDetectionDelayMs   mean time from an anomaly's start to its alert; {@code NaN} if none detected
 */
public record AlertResult(
        double threshold,
        ConfusionMatrix confusion,
        NabScores nab,
        double meanDetectionDelayMs) {

    public AlertResult {
        Objects.requireNonNull(confusion, "confusion");
        Objects.requireNonNull(nab, "nab");
    }
}
