package io.fleetanomaly.features;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Per feature, the range a reading can plausibly take, learned from the training data and stored in
 * the bundle: the training range widened by {@link #MARGIN} times its width on each side (so
 * 60-95 °C becomes -290-445 °C). A reading outside is clamped to the nearest bound before it is
 * scaled: it still scores as the extreme it is, but one absurd value (1e300, or 1e4 on a sensor that
 * reads 75) cannot overflow a device's statistics, and the device-mode warm-up leaves the event out.
 * The margin is wide on purpose: no fault the simulated fleets or SKAB contain comes near it, so
 * clamping never changes what normal or faulty readings score.
 */
public final class PlausibleRanges implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The training range is widened by this many times its width on each side. */
    public static final double MARGIN = 10.0;

    private final double[] low;
    private final double[] high;

    public PlausibleRanges(double[] low, double[] high) {
        if (low.length != high.length) {
            throw new IllegalArgumentException("plausible ranges need as many lows as highs, got " + low.length
                    + " and " + high.length);
        }
        for (int j = 0; j < low.length; j++) {
            if (!Double.isFinite(low[j]) || !Double.isFinite(high[j]) || !(low[j] < high[j])) {
                throw new IllegalArgumentException("plausible range " + j + " must be finite with low < high, got ["
                        + low[j] + ", " + high[j] + "]");
            }
        }
        this.low = low.clone();
        this.high = high.clone();
    }

    /** The training data's range per feature, widened by {@link #MARGIN} times its width (at least 1) on each side. */
    public static PlausibleRanges fit(double[][] rows, int features) {
        double[] min = new double[features];
        double[] max = new double[features];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (double[] row : rows) {
            for (int j = 0; j < features; j++) {
                if (Double.isFinite(row[j])) {
                    min[j] = Math.min(min[j], row[j]);
                    max[j] = Math.max(max[j], row[j]);
                }
            }
        }
        double[] low = new double[features];
        double[] high = new double[features];
        for (int j = 0; j < features; j++) {
            if (min[j] > max[j]) {
                throw new IllegalArgumentException("feature " + j + " has no finite value in the training data");
            }
            double width = Math.max(max[j] - min[j], Math.max(1.0, Math.abs(max[j]) * 1e-6));
            low[j] = min[j] - MARGIN * width;
            high[j] = max[j] + MARGIN * width;
        }
        return new PlausibleRanges(low, high);
    }

    /** Clamps the finite values into their ranges in place (NaN, a missing reading, stays); returns a bit per clamped feature. */
    public long clamp(double[] values) {
        long mask = 0;
        for (int j = 0; j < values.length; j++) {
            double v = values[j];
            if (v < low[j]) {
                values[j] = low[j];
                mask |= 1L << j;
            } else if (v > high[j]) {
                values[j] = high[j];
                mask |= 1L << j;
            }
        }
        return mask;
    }

    public double[] low() {
        return low.clone();
    }

    public double[] high() {
        return high.clone();
    }

    public int features() {
        return low.length;
    }
}
