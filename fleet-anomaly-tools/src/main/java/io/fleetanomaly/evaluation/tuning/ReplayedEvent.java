package io.fleetanomaly.evaluation.tuning;

import io.fleetanomaly.events.ScoredEvent;
import io.fleetanomaly.events.SensorEvent;
import java.util.Objects;

/**
 * One event of a labeled replay, as the tuning reads it: what the job's per-event scores output
 * ({@code CusumAlertFunction.SCORES}) carries, reduced to what tuning needs.
 *
 * @param deviceId the device (the job's key)
 * @param ts event time, epoch ms
 * @param label 1 anomalous, 0 normal, {@link SensorEvent#LABEL_UNKNOWN} (-1) when unlabeled: an
 *     unlabeled event still drives the CUSUM but is not counted
 * @param warmingUp the device was still warming up: no scores, the CUSUM ignores it, never counted
 * @param detectorScores calibrated score per detector in the bundle's detector order
 *     ({@code ModelBundle.detectorNames()}); may be null only for a warming-up event
 * @param fusedScore the fused score the job computed with the bundle's current weights
 * @param alertOpen whether the job had an alert open on the device after this event
 *     ({@code openAlertId != null}), or null when the replay did not record it
 */
public record ReplayedEvent(
        String deviceId, long ts, int label, boolean warmingUp, double[] detectorScores, double fusedScore,
        Boolean alertOpen) {

    public ReplayedEvent {
        Objects.requireNonNull(deviceId, "deviceId");
        if (label != 0 && label != 1 && label != SensorEvent.LABEL_UNKNOWN) {
            throw new IllegalArgumentException("device " + deviceId + " at " + ts + ": label must be 0, 1 or "
                    + SensorEvent.LABEL_UNKNOWN + " (unknown), got " + label);
        }
        if (!warmingUp && detectorScores == null) {
            throw new IllegalArgumentException("device " + deviceId + " at " + ts + ": a scored event needs detector scores");
        }
    }

    /** An event without the job's alert flag. */
    public ReplayedEvent(String deviceId, long ts, int label, boolean warmingUp, double[] detectorScores, double fusedScore) {
        this(deviceId, ts, label, warmingUp, detectorScores, fusedScore, null);
    }

    /**
     * From an event of the job's per-event scores output, where the alert function has filled in
     * {@code openAlertId} (null when no alert is open).
     */
    public static ReplayedEvent of(ScoredEvent event) {
        return new ReplayedEvent(event.deviceId, event.ts, event.label, event.warmingUp, event.detectorScores,
                event.fusedScore, event.openAlertId != null);
    }

    /** Whether the event counts in confusion matrices: scored (not warming up) and labeled. */
    public boolean counted() {
        return !warmingUp && label != SensorEvent.LABEL_UNKNOWN;
    }
}
