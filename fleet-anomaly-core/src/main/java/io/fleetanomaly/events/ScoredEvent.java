package io.fleetanomaly.events;

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

    /** CUSUM statistic after this event (filled by the alert function). */
    public double cusum;
    /** Id of the alert open on this device after this event, or null (filled by the alert function). */
    public String openAlertId;
    /** Severity score in [0, 1] of that open alert after this event; 0 when none is open (filled by the alert function). */
    public double severityScore;

    public ScoredEvent() {}
}
