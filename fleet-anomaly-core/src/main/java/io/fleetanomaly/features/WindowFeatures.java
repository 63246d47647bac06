package io.fleetanomaly.features;

/**
 * The Isolation Forest's input for one event: the scaled reading plus features of the device's
 * window, so changes in level, variance and speed all show. Layout, F features each:
 * {@code [reading | window mean | window std | last difference]}.
 */
public final class WindowFeatures {
    private static final int BLOCKS = 4;

    private WindowFeatures() {}

    public static int dimensions(int features) {
        return BLOCKS * features;
    }

    /**
     * @param ring row-major ring of {@code window} scaled readings, float (slot order, not time order)
     * @param reading the current scaled reading (already in the ring, there rounded to float)
     * @param previous the previous scaled reading
     */
    public static void compute(float[] ring, int window, int features, double[] reading, double[] previous, double[] out) {
        // Each sensor's sum and sum of squares add the slots in slot order, as one loop per sensor
        // would, so the features are bit-identical to it. Four sensors at a time, their sums in
        // locals: eight independent chains of additions the CPU overlaps, none through memory.
        int j = 0;
        for (; j + 4 <= features; j += 4) {
            double sum0 = 0.0, sum1 = 0.0, sum2 = 0.0, sum3 = 0.0;
            double squares0 = 0.0, squares1 = 0.0, squares2 = 0.0, squares3 = 0.0;
            for (int at = j, end = j + window * features; at < end; at += features) {
                double v0 = ring[at];
                double v1 = ring[at + 1];
                double v2 = ring[at + 2];
                double v3 = ring[at + 3];
                sum0 += v0;
                sum1 += v1;
                sum2 += v2;
                sum3 += v3;
                squares0 += v0 * v0;
                squares1 += v1 * v1;
                squares2 += v2 * v2;
                squares3 += v3 * v3;
            }
            finish(window, features, j, sum0, squares0, reading, previous, out);
            finish(window, features, j + 1, sum1, squares1, reading, previous, out);
            finish(window, features, j + 2, sum2, squares2, reading, previous, out);
            finish(window, features, j + 3, sum3, squares3, reading, previous, out);
        }
        for (; j < features; j++) {
            double sum = 0.0;
            double squares = 0.0;
            for (int at = j, end = j + window * features; at < end; at += features) {
                double v = ring[at];
                sum += v;
                squares += v * v;
            }
            finish(window, features, j, sum, squares, reading, previous, out);
        }
    }

    /** Sensor j's four features from its window sums. */
    private static void finish(int window, int features, int j, double sum, double squares, double[] reading,
            double[] previous, double[] out) {
        double mean = sum / window;
        double variance = Math.max(0, squares / window - mean * mean);
        out[j] = reading[j];
        out[features + j] = mean;
        out[2 * features + j] = Math.sqrt(variance);
        out[3 * features + j] = reading[j] - previous[j];
    }

    /** A sensor's share of an attribution over the Isolation Forest input: the sum over its blocks. */
    public static double sensorShare(double[] attribution, int features, int sensor) {
        double share = 0;
        for (int block = 0; block < BLOCKS; block++) {
            share += attribution[block * features + sensor];
        }
        return share;
    }

    public static String[] names(java.util.List<String> featureNames) {
        int f = featureNames.size();
        String[] names = new String[BLOCKS * f];
        for (int j = 0; j < f; j++) {
            names[j] = featureNames.get(j);
            names[f + j] = featureNames.get(j) + ".window_mean";
            names[2 * f + j] = featureNames.get(j) + ".window_std";
            names[3 * f + j] = featureNames.get(j) + ".last_diff";
        }
        return names;
    }
}
