package io.fleetanomaly.events;

/**
 * A validated sensor event. {@code values} follow the model bundle's feature order; a missing
 * reading is {@link Double#NaN} (the window operator imputes it and marks it as imputed).
 */
public class SensorEvent {
    /** No ground truth on this event. */
    public static final int LABEL_UNKNOWN = -1;

    public String deviceId;
    /** Event time, epoch milliseconds. */
    public long ts;
    public double[] values;
    /** 0 = normal, 1 = anomalous, {@link #LABEL_UNKNOWN} when absent. Never used for scoring. */
    public int label = LABEL_UNKNOWN;
    public String anomalyType;

    public SensorEvent() {}

    public SensorEvent(String deviceId, long ts, double[] values, int label, String anomalyType) {
        this.deviceId = deviceId;
        this.ts = ts;
        this.values = values;
        this.label = label;
        this.anomalyType = anomalyType;
    }
}
