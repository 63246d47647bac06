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
    /** The first batch's readings, held back until it is complete (the warm-up's screen); null after. */
    public double[] firstBatch;
    /** The first batch's smoothed readings (NaN rows: none); null after. */
    public double[] firstBatchSmoothed;
    /** Readings held in {@link #firstBatch}. */
    public int firstBatchCount;
    /** Per sensor, the first batch's robust spread; null before the first batch is complete. */
    public double[] screenScale;
    /** Readings the screen kept out of the warm-up. */
    public int rejected;

    public DeviceWarmupState() {}
}
