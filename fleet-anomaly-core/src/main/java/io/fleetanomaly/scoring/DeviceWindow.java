package io.fleetanomaly.scoring;

import io.fleetanomaly.features.DeviceScaler;
import io.fleetanomaly.features.FeatureScaler;
import io.fleetanomaly.features.WindowFeatures;
import io.fleetanomaly.state.DeviceWindowState;
import java.util.Arrays;

/**
 * A device's sliding window, Flink-free (its state lives in {@link DeviceWindowState}): scales
 * each reading, imputes missing values with the sensor's last value (reporting which), pushes the
 * reading into the ring buffer of the last W, and prepares the window features.
 *
 * <p>The ring holds floats (see {@link DeviceWindowState}); the reading being scored and its
 * previous reading are doubles. A sensor's last value, the source of imputation, is the newest
 * reading in the ring.
 *
 * <p>Not thread-safe: holds the current reading and features in scratch buffers.
 */
public final class DeviceWindow {
    private final FeatureScaler scaler;
    private final int features;
    private final int window;

    private final double[] reading;
    private final double[] previous;
    private final double[] windowFeatures;
    /** With a device scaler: the device season of each sensor at the reading's time (scratch). */
    private final double[] seasonNow;
    /** With a device scaler's reference level: each reading's deviation from the reference (scratch). */
    private final double[] deviation;

    public DeviceWindow(FeatureScaler scaler, int window) {
        if (window < 2) {
            throw new IllegalArgumentException("window must be at least 2, got " + window);
        }
        this.scaler = scaler;
        this.features = scaler.dimensions();
        this.window = window;
        this.reading = new double[features];
        this.previous = new double[features];
        this.windowFeatures = new double[WindowFeatures.dimensions(features)];
        this.seasonNow = new double[features];
        this.deviation = new double[features];
    }

    public DeviceWindowState newState() {
        DeviceWindowState state = new DeviceWindowState();
        state.ring = new float[window * features];
        return state;
    }

    /**
     * Takes the next raw reading (NaN = missing) into the window. Returns the bit mask of imputed
     * sensors. Afterwards {@link #reading()} is the scaled, imputed reading and, once
     * {@link #isFull(DeviceWindowState)}, {@link #windowFeatures()} holds the window features.
     *
     * @throws IllegalArgumentException the state's ring does not fit this window (another bundle's state)
     */
    public long advance(DeviceWindowState state, double[] values) {
        return advance(state, values, null, 0L);
    }

    /**
     * As {@link #advance(DeviceWindowState, double[])}, with the device's own scale: with a
     * {@code deviceScaler} each present reading is fleet-scaled, then device-scaled at {@code ts}
     * (moving the state's level), and the ring holds device-scaled readings.
     */
    public long advance(DeviceWindowState state, double[] values, DeviceScaler deviceScaler, long ts) {
        requireFits(state);
        int newest = state.ringSize == 0 ? -1 : Math.floorMod(state.ringHead - 1, window) * features;
        long imputed = 0L;
        if (deviceScaler != null) {
            deviceScaler.seasonAt(ts, seasonNow);
        }
        for (int j = 0; j < features; j++) {
            reading[j] = Double.isNaN(values[j]) ? Double.NaN : scaler.scale(j, values[j]);
        }
        if (deviceScaler != null) {
            deviceScaler.standardise(reading, ts, seasonNow, state.deviceLevel, deviation);
        }
        for (int j = 0; j < features; j++) {
            if (Double.isNaN(values[j])) {
                imputed |= 1L << j;
                reading[j] = newest < 0 ? 0.0 : state.ring[newest + j];
            }
        }
        for (int j = 0; j < features; j++) {
            previous[j] = newest < 0 ? reading[j] : state.ring[newest + j];
        }
        int slot = state.ringHead * features;
        for (int j = 0; j < features; j++) {
            state.ring[slot + j] = (float) reading[j];
        }
        state.ringHead = (state.ringHead + 1) % window;
        state.ringSize = Math.min(window, state.ringSize + 1);
        state.eventCount++;
        if (state.ringSize == window) {
            WindowFeatures.compute(state.ring, window, features, reading, previous, windowFeatures);
        }
        return imputed;
    }

    /**
     * Replaces the ring's contents with {@code rows} readings (row-major, oldest first; at most W
     * are kept, the newest), as if they had been pushed one by one: the device's switch to its own
     * scale at the end of its warm-up. Afterwards {@link #reading()} and, once full,
     * {@link #windowFeatures()} are those of the newest row.
     */
    public void replaceReadings(DeviceWindowState state, double[] rows, int count) {
        requireFits(state);
        int kept = Math.min(count, window);
        int first = count - kept;
        for (int r = 0; r < kept; r++) {
            for (int j = 0; j < features; j++) {
                state.ring[r * features + j] = (float) rows[(first + r) * features + j];
            }
        }
        state.ringHead = kept % window;
        state.ringSize = kept;
        int newest = count - 1;
        int before = Math.max(0, count - 2);
        for (int j = 0; j < features; j++) {
            reading[j] = rows[newest * features + j];
            previous[j] = rows[before * features + j];
        }
        if (state.ringSize == window) {
            WindowFeatures.compute(state.ring, window, features, reading, previous, windowFeatures);
        }
    }

    /** The window as the LSTM autoencoder reads it: oldest reading first, row-major [W][F], float. */
    public float[] chronologicalWindow(DeviceWindowState state) {
        float[] out = new float[window * features];
        int oldest = state.ringSize == window ? state.ringHead : 0;
        int firstPart = Math.min(state.ringSize, window - oldest);
        System.arraycopy(state.ring, oldest * features, out, 0, firstPart * features);
        System.arraycopy(state.ring, 0, out, firstPart * features, (state.ringSize - firstPart) * features);
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
        Arrays.fill(out, 0.0);
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

    /** Whether the state was made for a window of this length and these features. */
    public boolean fits(DeviceWindowState state) {
        return state.ring != null && state.ring.length == window * features;
    }

    /** The last scaled, imputed reading (scratch: copy it to keep it). */
    public double[] reading() {
        return reading;
    }

    /** The reading before the last one, scaled and imputed as the ring held it (scratch: copy it to keep it). */
    public double[] previousReading() {
        return previous;
    }

    /** With a device scaler: each sensor's device season at the last reading's time (scratch). */
    public double[] seasonNow() {
        return seasonNow;
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

    private void requireFits(DeviceWindowState state) {
        if (!fits(state)) {
            throw new IllegalArgumentException("device window state holds "
                    + (state.ring == null ? "no ring" : state.ring.length + " values")
                    + ", this window needs " + window + " readings of " + features + " features");
        }
    }
}
