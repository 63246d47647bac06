package io.fleetanomaly.events;

import io.fleetanomaly.control.ModelAnnouncement;
import io.fleetanomaly.fusion.PendingContributions;

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

    /**
     * Bit i set when sensor i read below the device's own normal (its device-mode Mahalanobis deviate
     * was negative); 0 outside device mode. The alerting's return rule reads it: the sign of the
     * deviation is what tells a fault's end (a return towards the old level) from a new fault.
     */
    public long belowNormalMask;

    /** Weighted fusion of {@link #detectorScores}, on the common calibrated scale. */
    public double fusedScore;
    /** Calibrated score per detector, in the bundle's detector order. */
    public double[] detectorScores;
    /**
     * Share of each sensor in the anomaly (non-negative, sums to 1 or is all zero), feature order.
     * Null while {@link #pendingContributions} holds them uncomputed: read them with {@link #contributions()}.
     */
    public double[] sensorContributions;

    /**
     * The contributions not computed yet (the job's scoring defers them, see
     * {@link PendingContributions}), or null. Transient: it holds the detectors' inputs, not data,
     * and exists only between operators chained in one task (objects passed as they are).
     */
    public transient PendingContributions pendingContributions;
    /**
     * Set when the scoring deferred the contributions. If the event then crossed a serializer (the
     * scoring and alert operators not chained), {@link #pendingContributions} did not cross with it,
     * and {@link #contributions()} says so instead of handing out none.
     */
    public boolean contributionsDeferred;

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

    /** {@link #sensorContributions}, computed first when they were deferred. */
    public double[] contributions() {
        if (pendingContributions != null) {
            sensorContributions = pendingContributions.compute();
            pendingContributions = null;
        } else if (contributionsDeferred && sensorContributions == null) {
            throw new IllegalStateException("the sensor contributions of an event of " + deviceId + " were deferred by"
                    + " the device window operator but are not here: they were discarded, or the event was serialized"
                    + " between it and the alert operator, which must be chained with it (operator chaining on, one"
                    + " slot sharing group)");
        }
        return sensorContributions;
    }

    /**
     * Says that nobody will ask for this event's contributions (the alert function is done with
     * it): a deferred record that borrows the scorer's input then never copies it. Reading the
     * contributions afterwards is an error.
     */
    public void discardContributions() {
        if (pendingContributions != null) {
            pendingContributions.discard();
            pendingContributions = null;
        }
    }

    public boolean isAnnouncement() {
        return announcement != null;
    }
}
