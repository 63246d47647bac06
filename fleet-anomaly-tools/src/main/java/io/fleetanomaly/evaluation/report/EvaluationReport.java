package io.fleetanomaly.evaluation.report;

import java.util.List;
import java.util.Objects;

/**
 * Everything the evaluation report shows, computed elsewhere.
 *
 * @param run       what was evaluated, when and how
 * @param detectors one entry per detector, e.g. {@code iforest}, {@code mahalanobis}, {@code lstm_ae}, {@code fused}
 * @param alerts    quality of the alert output (CUSUM alerts against labeled anomalies)
 * @param sweep     the alert threshold swept over a range, with its marked points
 * @param timelines per-device score timelines (any length: the writer downsamples for the charts)
 */
public record EvaluationReport(
        RunInfo run,
        List<DetectorResult> detectors,
        AlertResult alerts,
        SweepResult sweep,
        List<DeviceTimeline> timelines) {

    public EvaluationReport {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(alerts, "alerts");
        Objects.requireNonNull(sweep, "sweep");
        detectors = List.copyOf(detectors);
        timelines = List.copyOf(timelines);
        long distinct = detectors.stream().map(DetectorResult::name).distinct().count();
        if (distinct != detectors.size()) {
            throw new IllegalArgumentException("detector names must be unique");
        }
    }
}
