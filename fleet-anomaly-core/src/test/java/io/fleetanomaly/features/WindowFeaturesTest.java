package io.fleetanomaly.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class WindowFeaturesTest {

    /** The definition, one sensor at a time: mean, population std, last difference. */
    private static double[] reference(float[] ring, int window, int features, double[] reading, double[] previous) {
        double[] out = new double[WindowFeatures.dimensions(features)];
        for (int j = 0; j < features; j++) {
            double sum = 0;
            double sumSquares = 0;
            for (int slot = 0; slot < window; slot++) {
                double v = ring[slot * features + j];
                sum += v;
                sumSquares += v * v;
            }
            double mean = sum / window;
            out[j] = reading[j];
            out[features + j] = mean;
            out[2 * features + j] = Math.sqrt(Math.max(0, sumSquares / window - mean * mean));
            out[3 * features + j] = reading[j] - previous[j];
        }
        return out;
    }

    @Test
    void sameBitsAsOneSensorAtATime() {
        Random random = new Random(11);
        int[][] shapes = {{32, 8}, {2, 1}, {60, 17}, {5, 3}};
        for (int[] shape : shapes) {
            int window = shape[0];
            int features = shape[1];
            double[] out = new double[WindowFeatures.dimensions(features)];
            java.util.Arrays.fill(out, 12345.0); // whatever a previous event left
            for (int trial = 0; trial < 2_000; trial++) {
                float[] ring = new float[window * features];
                double scale = Math.pow(10, random.nextInt(8) - 3);
                for (int i = 0; i < ring.length; i++) {
                    ring[i] = (float) ((trial % 3 == 0 ? 100 : 0) + scale * random.nextGaussian()); // incl. a large level
                }
                if (trial % 7 == 0) { // values whose sums are order-sensitive or special: -0.0 alone, NaN, infinities
                    float[] special = {-0.0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1e30f, -1e30f};
                    for (int i = 0; i < ring.length; i += 1 + random.nextInt(5)) {
                        ring[i] = special[random.nextInt(special.length)];
                    }
                }
                if (trial % 11 == 0) {
                    java.util.Arrays.fill(ring, -0.0f);
                }
                double[] reading = new double[features];
                double[] previous = new double[features];
                for (int j = 0; j < features; j++) {
                    reading[j] = random.nextGaussian();
                    previous[j] = random.nextGaussian();
                }
                WindowFeatures.compute(ring, window, features, reading, previous, out);
                double[] expected = reference(ring, window, features, reading, previous);
                for (int d = 0; d < out.length; d++) {
                    // every bit of every number (-0.0 included); a NaN is a NaN: which one the CPU makes of
                    // inf - inf or max(0, NaN) depends on the JIT tier, not on the order of the sums, and
                    // every comparison of the forest's walk treats all NaNs alike
                    assertThat(Double.doubleToLongBits(out[d])).as("dimension %d of W=%d F=%d", d, window, features)
                            .isEqualTo(Double.doubleToLongBits(expected[d]));
                }
            }
        }
    }
}
