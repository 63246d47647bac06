package io.fleetanomaly.evaluation.replay;

/**
 * What the job made of one replayed row: its device, event time, label (and changepoint) from the
 * file, whether it was a warm-up event (not scored: no alerts, to be left out of metrics), the
 * calibrated score of each detector (bundle order, see {@link ReplayResult#detectorNames()}) and
 * their fusion, the device's CUSUM after it, and the alert open on the device after it (or null).
 * {@code line} is the row's line in its file.
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
        String openAlertId) {

    /** Whether the device had an open alert after this event: the event's prediction. */
    public boolean alertOpen() {
        return openAlertId != null;
    }
}
