package io.fleetanomaly.scoring;

import java.util.Arrays;

import io.fleetanomaly.features.FeatureScaler;
import io.fleetanomaly.features.WindowFeatures;
/**
 * A device's sliding window, Flink-free (its state lives in {@link DeviceWindowState}): scales
 * each reading, imputes missing values with the sensor's last value (reporting which), pushes the
 * reading into the ring buffer of the last W, and prepares the window features.
 *
 * <p>Not thread-safe: holds the current reading and features in scratch buffers.
 */
public final class DeviceWindow {
    private final FeatureScaler scaler;
    private final int features;
    private final int window;

    private final double[] reading;
    private final double[] windowFeatures;

    public DeviceWindow(FeatureScaler scaler, int window) {
        this.scaler = scaler;
        this.features = scaler.dimensions();
        this.window = window;
        this.reading = new double[features];
        this.windowFeatures = new double[WindowFeatures.dimensions(features)];
    }

    public DeviceWindowState newState() {
        DeviceWindowState state = new DeviceWindowState();
        state.ring = new double[window * features];
        state.lastValues = new double[features];
        Arrays.fill(state.lastValues, Double.NaN);
        state.previous = new double[features];
        return state;
    }

    /**
     * Takes the next raw reading (NaN = missing) into the window. Returns the bit mask of imputed
     * sensors. Afterwards {@link #reading()} is the scaled, imputed reading and, once
     * {@link #isFull(DeviceWindowState)}, {@link #windowFeatures()} holds the window features.
     */
    public long advance(DeviceWindowState state, double[] values) {
        long imputed = 0L;
        for (int j = 0; j < features; j++) {
            double v = values[j];
            if (Double.isNaN(v)) {
                imputed |= 1L << j;
                double last = state.lastValues[j];
                reading[j] = Double.isNaN(last) ? 0.0 : last;
            } else {
                reading[j] = scaler.scale(j, v);
            }
        }
        boolean first = state.eventCount == 0;
        for (int j = 0; j < features; j++) {
            state.previous[j] = first ? reading[j] : state.lastValues[j];
            state.lastValues[j] = reading[j];
        }
        System.arraycopy(reading, 0, state.ring, state.ringHead * features, features);
        state.ringHead = (state.ringHead + 1) % window;
        state.ringSize = Math.min(window, state.ringSize + 1);
        state.eventCount++;
        if (state.ringSize == window) {
            WindowFeatures.compute(state.ring, window, features, reading, state.previous, windowFeatures);
        }
        return imputed;
    }

    /** The window as the LSTM autoencoder reads it: oldest reading first, row-major [W][F], float. */
    public float[] chronologicalWindow(DeviceWindowState state) {
        float[] out = new float[window * features];
        int oldest = state.ringSize == window ? state.ringHead : 0;
        for (int i = 0; i < state.ringSize; i++) {
            int slot = (oldest + i) % window;
            for (int j = 0; j < features; j++) {
                out[i * features + j] = (float) state.ring[slot * features + j];
            }
        }
        return out;
    }

    /**
     * Writes the mean of the device's last {@code events} readings to {@code out}; false (and
     * {@code out} untouched) while the ring holds fewer.
     */
    public boolean smoothedReading(DeviceWindowState state, int events, double[] out) {
        if (events < 1 || events > window) {
            throw new IllegalArgumentException("smoothing over " + events + " readings needs 1.." + window);
        }
        if (state.ringSize < events) {
            return false;
        }
        java.util.Arrays.fill(out, 0.0);
        for (int back = 1; back <= events; back++) {
            int slot = Math.floorMod(state.ringHead - back, window);
            for (int j = 0; j < features; j++) {
                out[j] += state.ring[slot * features + j];
            }
        }
        for (int j = 0; j < features; j++) {
            out[j] /= events;
        }
        return true;
    }

    public boolean isFull(DeviceWindowState state) {
        return state.ringSize == window;
    }

    /** The last scaled, imputed reading (scratch: copy it to keep it). */
    public double[] reading() {
        return reading;
    }

    /** The window features of the last reading (scratch: copy it to keep it). */
    public double[] windowFeatures() {
        return windowFeatures;
    }

    public int features() {
        return features;
    }

    public int window() {
        return window;
    }
}
