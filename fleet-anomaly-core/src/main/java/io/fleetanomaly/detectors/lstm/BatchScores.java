package io.fleetanomaly.detectors.lstm;

import java.util.Arrays;

/**
 * Reconstruction errors of a batch of windows, in the batch's order.
 *
 * <p>For window {@code i}: {@link #error(int)} is the mean over W × F of the squared difference
 * between the window and its reconstruction; {@link #channelError(int, int)} is that mean over W
 * for one feature, so the mean of the F channel errors is the window's error.
 */
public final class BatchScores {
    private final int size;
    private final int features;
    private final double[] errors;
    /** Row-major [size][features]. */
    private final double[] channelErrors;

    BatchScores(int size, int features) {
        this.size = size;
        this.features = features;
        this.errors = new double[size];
        this.channelErrors = new double[size * features];
    }

    /** Windows in the batch. */
    public int size() {
        return size;
    }

    /** F: channel errors per window. */
    public int features() {
        return features;
    }

    /** Window {@code i}'s reconstruction error: mean squared error over W × F. */
    public double error(int window) {
        checkWindow(window);
        return errors[window];
    }

    /** Window {@code i}'s mean squared error over W for one feature. */
    public double channelError(int window, int feature) {
        checkWindow(window);
        if (feature < 0 || feature >= features) {
            throw new IndexOutOfBoundsException("feature " + feature + " of " + features);
        }
        return channelErrors[window * features + feature];
    }

    /** Copies window {@code i}'s F channel errors into {@code out[0..F)}. */
    public void channelErrors(int window, double[] out) {
        checkWindow(window);
        if (out.length < features) {
            throw new IllegalArgumentException("out has length " + out.length + ", needs " + features);
        }
        System.arraycopy(channelErrors, window * features, out, 0, features);
    }

    /**
     * Errors of {@code size} windows of W × F values, row-major [size][W][F] in both arrays from
     * their index 0, computed in double.
     */
    static BatchScores compare(float[] windows, float[] reconstructions, int size, int window, int features) {
        BatchScores scores = new BatchScores(size, features);
        int valuesPerWindow = window * features;
        for (int b = 0; b < size; b++) {
            int channelBase = b * features;
            int valueBase = b * valuesPerWindow;
            double total = 0.0;
            for (int t = 0; t < window; t++) {
                int rowBase = valueBase + t * features;
                for (int f = 0; f < features; f++) {
                    double difference = (double) windows[rowBase + f] - (double) reconstructions[rowBase + f];
                    double squared = difference * difference;
                    scores.channelErrors[channelBase + f] += squared;
                    total += squared;
                }
            }
            scores.errors[b] = total / valuesPerWindow;
            for (int f = 0; f < features; f++) {
                scores.channelErrors[channelBase + f] /= window;
            }
        }
        return scores;
    }

    private void checkWindow(int window) {
        if (window < 0 || window >= size) {
            throw new IndexOutOfBoundsException("window " + window + " of " + size);
        }
    }

    @Override
    public String toString() {
        return "BatchScores{size=" + size + ", errors=" + Arrays.toString(errors) + "}";
    }
}
