package io.fleetanomaly.evaluation.replay;

import io.fleetanomaly.events.ScoredEvent;
import io.fleetanomaly.events.SensorEvent;
import java.util.Arrays;
import java.util.Objects;

/**
 * What the job made of one replayed event: its device, event time, label (and changepoint) from the
 * file, whether it was a warm-up event (not scored: no alerts, to be left out of metrics), the
 * calibrated score of each detector (bundle order, see {@link ReplayResult#detectorNames()}) and
 * their fusion, the device's CUSUM after it, and the alert open on the device after it (or null)
 * with its severity score (0 when none).
 * The evaluation reads it ({@code LabeledEvaluation}), and so does the tuning, which replays the
 * job's alerting over the recorded scores ({@code DeviceSeries}).
 *
 * @param label 1 anomalous, 0 normal, {@link SensorEvent#LABEL_UNKNOWN} (-1) when unlabeled: an
 *     unlabeled event still drives the CUSUM but is not counted
 * @param line the row's line in its file, 0 when the event did not come from a file
 * @param detectorScores calibrated score per detector; may be null only for a warming-up event
 */
public record ReplayRecord(
        String deviceId,
        long ts,
        int label,
        boolean changepoint,
        int line,
        boolean warmingUp,
        double fusedScore,
        double[] detectorScores,
        double cusum,
        String openAlertId,
        double severityScore) {

    public ReplayRecord {
        Objects.requireNonNull(deviceId, "deviceId");
        if (label != 0 && label != 1 && label != SensorEvent.LABEL_UNKNOWN) {
            throw new IllegalArgumentException("device " + deviceId + " at " + ts + ": label must be 0, 1 or "
                    + SensorEvent.LABEL_UNKNOWN + " (unknown), got " + label);
        }
        if (!warmingUp && detectorScores == null) {
            throw new IllegalArgumentException("device " + deviceId + " at " + ts + ": a scored event needs detector scores");
        }
    }

    /**
     * An event of the job's per-event scores output ({@code CusumAlertFunction.SCORES}, where the
     * alert function has filled in the CUSUM and the open alert), without a file position.
     */
    public static ReplayRecord of(ScoredEvent event) {
        return new ReplayRecord(event.deviceId, event.ts, event.label, false, 0, event.warmingUp, event.fusedScore,
                event.detectorScores == null ? null : Arrays.copyOf(event.detectorScores, event.detectorScores.length),
                event.cusum, event.openAlertId, event.severityScore);
    }

    /** Whether the device had an open alert after this event: the event's prediction. */
    public boolean alertOpen() {
        return openAlertId != null;
    }

    /** Whether the event counts in confusion matrices: scored (not warming up) and labeled. */
    public boolean counted() {
        return !warmingUp && label != SensorEvent.LABEL_UNKNOWN;
    }
}
