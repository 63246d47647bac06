package io.fleetanomaly.state;

/**
 * A device's hot state in the window operator, read and written on every event (keyed state
 * {@code device-window}): its window of recent readings, its event counter and event-time
 * bookkeeping. Kept small on purpose: a warm device's event touches this state (and, in device
 * mode, reads its {@link DeviceModelsState}) and nothing else.
 *
 * <p>The readings are kept as float: they are scaled (z-scored) sensor values, for which float's
 * 24-bit mantissa (about 7 significant digits) is well beyond what sensors report, and the LSTM
 * autoencoder reads its window as float anyway. The reading being scored stays double.
 */
public class DeviceWindowState {
    /**
     * Which model built this state: {@code BundleIdentity.fingerprint()} of the bundle; 0 = unknown.
     * A device whose state another bundle built warms up again (see {@code docs/state.md}).
     */
    public long bundleFingerprint;

    /** Events seen, including warm-up. */
    public long eventCount;

    /** Event time of the device's newest event so far (lateness is judged against it); MIN_VALUE before any. */
    public long newestTs = Long.MIN_VALUE;
    /**
     * When the device's newest time jumped ahead by more than the out-of-orderness bound and no event
     * has confirmed the new time yet: its newest time before the jump (MIN_VALUE otherwise). Until an
     * event confirms the jump, an event that continues from this time is on time, so one event dated
     * far ahead (a clock glitch) cannot make all the device's genuine events late.
     */
    public long unconfirmedJumpFrom = Long.MIN_VALUE;
    /** Event time of the device's last scored event (event-time order only); MIN_VALUE before any. */
    public long lastScoredTs = Long.MIN_VALUE;

    /**
     * Ring buffer of the last W scaled readings, row-major {@code [slot * F + feature]}. The newest
     * reading is also each sensor's last value, the source of imputation.
     */
    public float[] ring;
    /** Slot the next reading goes to. */
    public int ringHead;
    /** Readings in the ring (at most W). */
    public int ringSize;

    /**
     * Event-time order only: the distinct timestamps of the events held until they can be scored
     * in order, ascending (the keys of the operator's {@code pending-events} map state); null or
     * empty when none is held.
     */
    public long[] pendingTimestamps;
    /** Event-time order only: the event-time timer registered for the held events; MIN_VALUE when none. */
    public long pendingTimer = Long.MIN_VALUE;

    /**
     * The event-time timer armed for the state TTL ({@code job.device_state_ttl}): when it fires
     * and the device has sent nothing since, its state is cleared; MIN_VALUE when none is armed.
     */
    public long expiryTimer = Long.MIN_VALUE;

    /**
     * Device mode with device-scaled inputs: the ring holds device-scaled readings (z, see
     * {@code io.fleetanomaly.features.DeviceScaler}) once the device's scaler is fitted, and this is
     * each sensor's slowly moving level in units of its spread; null before (and without a level).
     */
    public double[] deviceLevel;

    /**
     * Device mode with the variance statistic ({@code io.fleetanomaly.features.VarianceChange}): per
     * sensor, the EWMA of its clipped reading-to-reading change in its difference spreads; null before
     * the device's first scored reading (and without the statistic).
     */
    public double[] varianceEwma;

    /**
     * Fleet mode with a PCA monitor that has the EWMA chart: the device's EWMA of its principal scores
     * ({@code io.fleetanomaly.detectors.mahalanobis.PcaMonitor#advanceEwma}); null before its first
     * scored reading (and without the chart).
     */
    public double[] principalEwma;

    /**
     * Fleet mode with a PCA monitor that has the device-centred SPE: the mean residual of the device's
     * first smoothed readings (its centre; complete once {@link #residualCentreCount} reaches the
     * monitor's events); null before its first one (and without it).
     */
    public double[] residualCentre;
    /** Smoothed readings in {@link #residualCentre} so far. */
    public int residualCentreCount;

    public DeviceWindowState() {}
}
