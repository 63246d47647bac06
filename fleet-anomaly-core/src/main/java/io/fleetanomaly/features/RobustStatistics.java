package io.fleetanomaly.features;

import java.util.Arrays;

/** The median and the median absolute deviation: a sample's centre and spread that a few wild values do not move. */
public final class RobustStatistics {
    /** σ of a normal sample per unit of its median absolute deviation. */
    public static final double MAD_TO_SIGMA = 1.4826;

    private RobustStatistics() {}

    /** The median of the values (the mean of the middle two for an even count); the array is not changed. */
    public static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }

    /** {@link #MAD_TO_SIGMA} × the median of |value − centre|: the robust σ around {@code centre} (usually the median). */
    public static double robustSpread(double[] values, double centre) {
        double[] deviations = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            deviations[i] = Math.abs(values[i] - centre);
        }
        return MAD_TO_SIGMA * median(deviations);
    }
}
