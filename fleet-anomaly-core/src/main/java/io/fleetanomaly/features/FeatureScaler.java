package io.fleetanomaly.features;

import java.io.Serializable;
import java.util.Arrays;

/** Standardises raw readings with the fleet's per-feature mean and standard deviation. */
public final class FeatureScaler implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Standard deviations below this are treated as this, so a constant feature cannot divide by zero. */
    static final double MIN_STD = 1e-9;

    private final double[] mean;
    private final double[] std;

    public FeatureScaler(double[] mean, double[] std) {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("scaler mean and std must be non-empty and of equal length");
        }
        for (int i = 0; i < mean.length; i++) {
            if (!Double.isFinite(mean[i]) || !Double.isFinite(std[i]) || std[i] <= 0) {
                throw new IllegalArgumentException(
                        "scaler feature " + i + " needs a finite mean and a positive std, got " + mean[i] + ", " + std[i]);
            }
        }
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /** Fits the scaler to rows; NaN cells (missing readings) are skipped. */
    public static FeatureScaler fit(double[][] rows) {
        int d = rows[0].length;
        double[] mean = new double[d];
        double[] m2 = new double[d];
        long[] count = new long[d];
        for (double[] row : rows) {
            for (int j = 0; j < d; j++) {
                double v = row[j];
                if (Double.isNaN(v)) {
                    continue;
                }
                count[j]++;
                double delta = v - mean[j];
                mean[j] += delta / count[j];
                m2[j] += delta * (v - mean[j]);
            }
        }
        double[] std = new double[d];
        for (int j = 0; j < d; j++) {
            if (count[j] < 2) {
                throw new IllegalArgumentException("feature " + j + " has fewer than 2 readings to fit the scaler");
            }
            std[j] = Math.max(MIN_STD, Math.sqrt(m2[j] / (count[j] - 1)));
        }
        return new FeatureScaler(mean, std);
    }

    public int dimensions() {
        return mean.length;
    }

    public double scale(int feature, double value) {
        return (value - mean[feature]) / std[feature];
    }

    public double[] mean() {
        return mean.clone();
    }

    public double[] std() {
        return std.clone();
    }

    @Override
    public String toString() {
        return "FeatureScaler{mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "}";
    }
}
