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
        // would, so the features are bit-identical to it; walking the ring row by row keeps the
        // F sums independent (the CPU overlaps their additions) and reads the ring sequentially.
        // The mean and std blocks of out hold the running sums until the end.
        int meanAt = features;
        int stdAt = 2 * features;
        for (int j = 0; j < features; j++) {
            out[meanAt + j] = 0.0;
            out[stdAt + j] = 0.0;
        }
        for (int slot = 0; slot < window; slot++) {
            int row = slot * features;
            for (int j = 0; j < features; j++) {
                double v = ring[row + j];
                out[meanAt + j] += v;
                out[stdAt + j] += v * v;
            }
        }
        for (int j = 0; j < features; j++) {
            double mean = out[meanAt + j] / window;
            double variance = Math.max(0, out[stdAt + j] / window - mean * mean);
            out[j] = reading[j];
            out[meanAt + j] = mean;
            out[stdAt + j] = Math.sqrt(variance);
            out[3 * features + j] = reading[j] - previous[j];
        }
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
