package io.fleetanomaly.simulator;

import io.fleetanomaly.events.SensorEvent;
import java.util.Arrays;
import java.util.Objects;

/** One simulated reading of one device, with its ground-truth label. Immutable. */
public final class SimulatedEvent {
    private final String deviceId;
    private final long ts;
    private final double[] values;
    private final int label;
    private final String anomalyType;

    /**
     * @param values readings in the profile's feature order, NaN = missing
     * @param label 0 normal, 1 anomalous
     * @param anomalyType the fault type when label is 1, otherwise null
     */
    public SimulatedEvent(String deviceId, long ts, double[] values, int label, String anomalyType) {
        if (label != 0 && label != 1) {
            throw new IllegalArgumentException("label must be 0 or 1, got " + label);
        }
        if ((label == 1) != (anomalyType != null)) {
            throw new IllegalArgumentException("anomalyType must be set exactly when label is 1");
        }
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
        this.ts = ts;
        this.values = values.clone();
        this.label = label;
        this.anomalyType = anomalyType;
    }

    public String deviceId() {
        return deviceId;
    }

    /** Event time, epoch ms. */
    public long ts() {
        return ts;
    }

    /** A copy of the readings; NaN marks a missing reading. */
    public double[] values() {
        return values.clone();
    }

    public double value(int featureIndex) {
        return values[featureIndex];
    }

    public int featureCount() {
        return values.length;
    }

    public int label() {
        return label;
    }

    /** Null for normal events. */
    public String anomalyType() {
        return anomalyType;
    }

    public boolean isAnomalous() {
        return label == 1;
    }

    public SensorEvent toSensorEvent() {
        return new SensorEvent(deviceId, ts, values.clone(), label, anomalyType);
    }

    /** Values compare bit-for-bit, so two missing readings are equal. */
    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof SimulatedEvent that)) {
            return false;
        }
        return ts == that.ts
                && label == that.label
                && deviceId.equals(that.deviceId)
                && Arrays.equals(values, that.values)
                && Objects.equals(anomalyType, that.anomalyType);
    }

    @Override
    public int hashCode() {
        return Objects.hash(deviceId, ts, Arrays.hashCode(values), label, anomalyType);
    }

    @Override
    public String toString() {
        return "SimulatedEvent{" + deviceId + ", ts=" + ts + ", values=" + Arrays.toString(values) + ", label="
                + label + ", anomalyType=" + anomalyType + "}";
    }
}
