package io.fleetanomaly.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Normal data to train on: per device, its readings in time order (feature order; NaN = missing). */
public final class TrainingData {
    private final List<String> features;
    private final Map<String, List<double[]>> rowsByDevice = new LinkedHashMap<>();

    public TrainingData(List<String> features) {
        this.features = List.copyOf(features);
    }

    public void add(String deviceId, double[] values) {
        if (values.length != features.size()) {
            throw new IllegalArgumentException("expected " + features.size() + " values, got " + values.length);
        }
        rowsByDevice.computeIfAbsent(deviceId, d -> new ArrayList<>()).add(values);
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
