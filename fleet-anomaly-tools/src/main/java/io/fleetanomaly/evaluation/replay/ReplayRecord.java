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
 * @param belowNormalMask the event's {@link ScoredEvent#belowNormalMask} (the side of each sensor's
 *     deviation), when the sensor sides were recorded (0 otherwise)
 * @param sensorContributions the event's sensor contributions as the alert function read them
 *     ({@link ScoredEvent#contributions()}, feature order), or null when not recorded: the tuning
 *     replay of the alerting's return rule needs both (see {@code AlertReplay}); they are recorded
 *     only when the replayed settings can fire it
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
        double severityScore,
        long belowNormalMask,
        double[] sensorContributions) {

    /** Without the sensor sides (the return rule cannot be replayed over it). */
    public ReplayRecord(String deviceId, long ts, int label, boolean changepoint, int line, boolean warmingUp,
            double fusedScore, double[] detectorScores, double cusum, String openAlertId, double severityScore) {
        this(deviceId, ts, label, changepoint, line, warmingUp, fusedScore, detectorScores, cusum, openAlertId,
                severityScore, 0L, null);
    }

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
     * alert function has filled in the CUSUM and the open alert), without a file position, with its
     * sensor sides (contributions and {@code belowNormalMask}).
     */
    public static ReplayRecord of(ScoredEvent event) {
        return of(event, false, 0, true);
    }

    /**
     * An event of the job's per-event scores output at a row of a file.
     *
     * @param withSensorSides whether to keep the event's contributions and {@code belowNormalMask}
     *     (what the return rule reads; 8 bytes per sensor and event more)
     */
    public static ReplayRecord of(ScoredEvent event, boolean changepoint, int line, boolean withSensorSides) {
        return new ReplayRecord(event.deviceId, event.ts, event.label, changepoint, line, event.warmingUp,
                event.fusedScore, copyOf(event.detectorScores), event.cusum, event.openAlertId, event.severityScore,
                withSensorSides ? event.belowNormalMask : 0L,
                withSensorSides ? copyOf(event.sensorContributions) : null);
    }

    private static double[] copyOf(double[] values) {
        return values == null ? null : Arrays.copyOf(values, values.length);
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
