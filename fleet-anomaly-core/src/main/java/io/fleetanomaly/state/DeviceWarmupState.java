package io.fleetanomaly.state;

/**
 * Device-mode Mahalanobis: what a device's warm-up has accumulated so far (the state of a
 * {@link io.fleetanomaly.detectors.mahalanobis.DeviceBaseline}; keyed state {@code device-warmup}).
 * Written on each event of the warm-up only, and cleared once the device's models are fitted
 * ({@link DeviceModelsState}).
 */
public class DeviceWarmupState {
    /** Moments of the readings. */
    public MomentsState readings;
    /** Moments of the smoothed readings; null until the first one (and for good when smoothing is off). */
    public MomentsState smoothed;
    /** Moments of the batch means of the readings. */
    public MomentsState batchMeans;
    /** Sum of the current batch's readings. */
    public double[] batchSum;
    /** Readings in the current batch. */
    public int batchCount;
    /** Events per batch. */
    public int batchEvents;

    public DeviceWarmupState() {}
}
