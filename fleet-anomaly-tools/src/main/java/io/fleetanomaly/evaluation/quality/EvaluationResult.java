package io.fleetanomaly.evaluation.quality;

import java.util.List;

/**
 * The quality of one labeled replay: each detector alone and the fused score (per-event ranking and
 * best-F1 threshold), and the job's alert output. Counts are over scored, labeled events only
 * (warm-up events never count).
 */
public record EvaluationResult(
        int devices,
        long countedEvents,
        long anomalousEvents,
        long warmupEvents,
        List<DetectorQuality> detectors,
        AlertOutcome alerts) {

    /** The fused score's quality (the last entry of {@link #detectors}). */
    public DetectorQuality fused() {
        return detectors.get(detectors.size() - 1);
    }
}
