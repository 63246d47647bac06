package io.fleetanomaly.scoring;

import io.fleetanomaly.detectors.mahalanobis.DeviceBaseline;
import io.fleetanomaly.detectors.mahalanobis.DeviceModel;

/**
 * Everything the window operator keeps per device, in one Flink POJO (public fields, no-arg
 * constructor) so Flink serialises it with its own POJO serializer rather than Kryo.
 */
public class DeviceWindowState {
    /** Events seen, including warm-up. */
    public long eventCount;

    /** Event time of the device's newest event so far (lateness is judged against it); MIN_VALUE before any. */
    public long newestTs = Long.MIN_VALUE;
    /** Event time of the device's last scored event (event-time order only); MIN_VALUE before any. */
    public long lastScoredTs = Long.MIN_VALUE;

    /** Ring buffer of the last W scaled readings, row-major [slot * F + feature]. */
    public double[] ring;
    /** Slot the next reading goes to. */
    public int ringHead;
    /** Readings in the ring (at most W). */
    public int ringSize;

    /** Last scaled value of each feature (imputation source); NaN before the first reading. */
    public double[] lastValues;
    /** Scaled reading of the previous event, for the last-difference feature. */
    public double[] previous;

    /**
     * Device-mode Mahalanobis: the baseline learned from the device's first events, then its
     * fitted models of its readings and of its smoothed readings.
     */
    public DeviceBaseline deviceBaseline;
    public DeviceModel deviceReadingModel;
    public DeviceModel deviceSmoothedModel;

    public DeviceWindowState() {}
}
