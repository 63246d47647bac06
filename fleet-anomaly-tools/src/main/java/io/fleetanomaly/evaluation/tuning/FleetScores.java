package io.fleetanomaly.evaluation.tuning;

import io.fleetanomaly.fusion.FusionMethod;
import io.fleetanomaly.fusion.ScoreFusion;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The fused score of every event of some devices under one weighting: either recomputed from the
 * detector scores with {@link ScoreFusion} (the job's formula and order of operations), or as the
 * job recorded them. What the alert replay runs on.
 */
public final class FleetScores {
    private final List<DeviceSeries> devices;
    /** Index-aligned with the detectors, or null for the recorded scores. */
    private final double[] weights;
    private final double[][] fused;

    private FleetScores(List<DeviceSeries> devices, double[] weights, double[][] fused) {
        this.devices = devices;
        this.weights = weights;
        this.fused = fused;
    }

    /**
     * Fused scores with these weights (index-aligned with the detector scores, as in
     * {@code ModelBundle.detectorWeights()}: the job uses them as given, so they should sum to 1).
     */
    public static FleetScores fuse(List<DeviceSeries> devices, double[] weights) {
        return fuse(devices, weights, FusionMethod.WEIGHTED_MEAN);
    }

    /** Fused scores with these weights and fusion method. */
    public static FleetScores fuse(List<DeviceSeries> devices, double[] weights, FusionMethod method) {
        Objects.requireNonNull(weights, "weights");
        List<DeviceSeries> copy = List.copyOf(devices);
        ScoreFusion fusion = new ScoreFusion(weights, method);
        double[][] fused = new double[copy.size()][];
        for (int d = 0; d < fused.length; d++) {
            fused[d] = copy.get(d).fusedScores(fusion);
        }
        return new FleetScores(copy, weights.clone(), fused);
    }

    /** The fused scores the job recorded (the bundle's weights at replay time). */
    public static FleetScores recorded(List<DeviceSeries> devices) {
        List<DeviceSeries> copy = List.copyOf(devices);
        double[][] fused = new double[copy.size()][];
        for (int d = 0; d < fused.length; d++) {
            fused[d] = copy.get(d).recordedFusedScores();
        }
        return new FleetScores(copy, null, fused);
    }

    public List<DeviceSeries> devices() {
        return devices;
    }

    /** The weights the scores were fused with, or null when they are the recorded ones. */
    public double[] weights() {
        return weights == null ? null : weights.clone();
    }

    /** A copy of one device's fused scores (index into {@link #devices()}). */
    public double[] fusedScores(int device) {
        return fused[device].clone();
    }

    /** Largest absolute difference to the recorded fused scores over scored events (0 when they match). */
    public double maxDifferenceToRecorded() {
        double max = 0.0;
        for (int d = 0; d < fused.length; d++) {
            DeviceSeries series = devices.get(d);
            double[] recorded = series.recordedFusedScores();
            for (int i = 0; i < recorded.length; i++) {
                if (series.warmingUp(i) || Double.compare(recorded[i], fused[d][i]) == 0) {
                    continue; // equal, both NaN, or the same infinity
                }
                double diff = Math.abs(recorded[i] - fused[d][i]);
                max = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : Math.max(max, diff);
            }
        }
        return max;
    }

    /** The raw scores of one device for the replay (same package, never modified). */
    double[] column(int device) {
        return fused[device];
    }

    @Override
    public String toString() {
        return "FleetScores{devices=" + devices.size() + ", weights="
                + (weights == null ? "recorded" : Arrays.toString(weights)) + "}";
    }
}
