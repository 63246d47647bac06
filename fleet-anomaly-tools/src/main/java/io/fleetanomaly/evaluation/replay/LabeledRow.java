package io.fleetanomaly.evaluation.replay;

/**
 * One row of a labeled CSV file: event time (epoch ms), readings in feature order (NaN = missing),
 * label (0, 1 or {@link io.fleetanomaly.events.SensorEvent#LABEL_UNKNOWN}), optional anomaly type,
 * whether it is a labeled changepoint, and its line in the file.
 */
public record LabeledRow(long ts, double[] values, int label, String anomalyType, boolean changepoint, int line) {}
