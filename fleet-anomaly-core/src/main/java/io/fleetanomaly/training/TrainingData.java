package io.fleetanomaly.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Normal data to train on: per device, its readings in time order (feature order; NaN = missing)
 * and their timestamps (epoch ms; {@link #UNKNOWN_TIME} when the source has none).
 */
public final class TrainingData {
    private final List<String> features;
    /** A row's timestamp when its source has none (seasonal device scaling then cannot be trained). */
    public static final long UNKNOWN_TIME = Long.MIN_VALUE;

    private final Map<String, List<double[]>> rowsByDevice = new LinkedHashMap<>();
    private final Map<String, List<Long>> timesByDevice = new LinkedHashMap<>();

    public TrainingData(List<String> features) {
        this.features = List.copyOf(features);
    }

    public void add(String deviceId, double[] values) {
        add(deviceId, UNKNOWN_TIME, values);
    }

    public void add(String deviceId, long ts, double[] values) {
        if (values.length != features.size()) {
            throw new IllegalArgumentException("expected " + features.size() + " values, got " + values.length);
        }
        rowsByDevice.computeIfAbsent(deviceId, d -> new ArrayList<>()).add(values);
        timesByDevice.computeIfAbsent(deviceId, d -> new ArrayList<>()).add(ts);
    }

    /** Per device, the timestamps of its rows (index-aligned with {@link #rowsByDevice()}). */
    public Map<String, List<Long>> timesByDevice() {
        return timesByDevice;
    }

    public List<String> features() {
        return features;
    }

    public Map<String, List<double[]>> rowsByDevice() {
        return rowsByDevice;
    }

    public int rowCount() {
        return rowsByDevice.values().stream().mapToInt(List::size).sum();
    }

    public double[][] allRows() {
        return rowsByDevice.values().stream().flatMap(List::stream).toArray(double[][]::new);
    }
}
