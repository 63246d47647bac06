package io.fleetanomaly.events;

import io.fleetanomaly.control.ModelAnnouncement;

/**
 * One event after the per-device window operator: calibrated detector scores, their fusion and
 * per-sensor contributions. The CUSUM alert function fills in {@link #cusum} and
 * {@link #openAlertId} before emitting it on the optional per-event scores output.
 */
public class ScoredEvent {
    public String deviceId;
    public long ts;
    public int label = SensorEvent.LABEL_UNKNOWN;
    public String anomalyType;

    /** True while the device is still warming up: no scores, and alerting ignores the event. */
    public boolean warmingUp;
    /** Bit i set when sensor i was missing and imputed with its last value. */
    public long imputedMask;
    /** Bit j set: reading j was outside the bundle's plausible range and was clamped to it. */
    public long clampedMask;

    /** Weighted fusion of {@link #detectorScores}, on the common calibrated scale. */
    public double fusedScore;
    /** Calibrated score per detector, in the bundle's detector order. */
    public double[] detectorScores;
    /** Share of each sensor in the anomaly (non-negative, sums to 1 or is all zero), feature order. */
    public double[] sensorContributions;

    /**
     * The device's window, oldest first, row-major [W][F], scaled, as the LSTM autoencoder reads it.
     * Set only while the event waits for the LSTM scoring operator, which clears it.
     */
    public float[] window;

    /** Version of the model that scored this event (one model scores each event, whichever its detectors). */
    public String modelVersion;

    /**
     * Set only on the in-band record the scoring operator sends ahead of the first event it scores
     * with another model or other alerting overrides: such a record is not an event (see
     * {@link ModelAnnouncement}); every other field is unset but {@link #deviceId}, a key of the
     * subtask, so it can travel the keyed chain.
     */
    public ModelAnnouncement announcement;

    /**
     * Per-event score output only: the names of {@link #detectorScores} and of
     * {@link #sensorContributions} under the model that scored the event (filled by the alert function).
     */
    public String[] detectorNames;
    public String[] featureNames;

    /** CUSUM statistic after this event (filled by the alert function). */
    public double cusum;
    /** Id of the alert open on this device after this event, or null (filled by the alert function). */
    public String openAlertId;
    /** Severity score in [0, 1] of that open alert after this event; 0 when none is open (filled by the alert function). */
    public double severityScore;

    public ScoredEvent() {}

    /** The in-band record carrying an announcement (see {@link #announcement}). */
    public static ScoredEvent announcing(ModelAnnouncement announcement, String deviceId) {
        ScoredEvent record = new ScoredEvent();
        record.deviceId = deviceId;
        record.announcement = announcement;
        return record;
    }

    public boolean isAnnouncement() {
        return announcement != null;
    }
}
