package io.fleetanomaly.state;

/**
 * Device mode with device-scaled inputs: the readings of a device's warm-up (keyed state
 * {@code device-warmup-readings}), fleet-scaled and imputed as the window held them, with their
 * timestamps; the device's scaler and models are fitted from them when the warm-up is complete,
 * and the state is cleared.
 */
public class WarmupReadingsState {
    /** Timestamps, epoch ms; capacity = the warm-up's events. */
    public long[] ts;
    /** Readings, row-major [count][F]. */
    public double[] values;
    /** Readings held. */
    public int count;

    public WarmupReadingsState() {}
}
