package io.fleetanomaly.state;

/**
 * Everything the CUSUM alerting keeps per device (keyed state {@code cusum-state} of the operator
 * {@code cusum-alerts}). A Flink POJO (public no-arg constructor, public fields of primitive, array
 * or String types) so state is written with the POJO serializer, which also allows adding or
 * removing fields across savepoints (see {@code docs/state.md}). Data only: mutated by
 * {@link io.fleetanomaly.alerting.CusumDetector}, which holds the logic.
 *
 * <p>The episode fields describe the open alert, or the last resolved one until the next opens.
 */
public class CusumState {

    /** Which model's scores built this state: {@code BundleIdentity.fingerprint()}; 0 = unknown. */
    public long bundleFingerprint;

    // Baseline (Welford's running mean and sum of squared deviations).
    public long baselineCount;
    public double baselineMean;
    public double baselineSumSquaredDeviations;
    /** Baseline standard deviation after the floor; 0 until the baseline is complete. */
    public double baselineStd;

    /** Page's upper CUSUM statistic S. */
    public double cusum;
    /** EWMA of z over every scored event after the baseline: the device's current level, for recovery. */
    public double levelEwma;

    // Alert episode.
    public boolean alertOpen;
    public long openedAt;
    /** EWMA of the unclipped standardised score since the alert opened. */
    public double severityEwma;
    public double peakScore;
    public double peakSeverityScore;
    /** Per sensor: sum over the episode of max(z, 0) × the event's sensor contribution. */
    public double[] sensorContributionTotals;
    /** Consecutive events with the CUSUM below the reset level while open. */
    public int eventsBelowResetLevel;
    /** Events of the episode so far (the opening one included). */
    public long episodeEvents;
    /** Highest {@link #levelEwma} during the episode. */
    public double episodePeakLevel;
    /** Whether the last episode resolved by recovery (its level became the new baseline). */
    public boolean resolvedByRecovery;
    /** The sensor with the largest contribution to the episode's opening event, or -1 when none (return rule). */
    public int openedLeadSensor = -1;
    /** Whether that sensor read below the device's normal at the opening (return rule). */
    public boolean openedLeadBelow;
    /**
     * The lead sensor's contributions to the episode on the opening's side of the device's normal, less
     * those on the other side (return rule: compared with its total in {@link #sensorContributionTotals}).
     */
    public double openedLeadSideTotal;
    /** Event time of the last RESOLVED; MIN_VALUE before any (return rule). */
    public long resolvedAt = Long.MIN_VALUE;

    // What was last emitted for the open alert (for UPDATE rate limiting and change detection).
    public long lastEmittedAt;
    public int lastEmittedSeverityLevel;
    /** Index of the top sensor in the last emitted record, or -1 when it named none. */
    public int lastEmittedTopSensor = -1;

    /** Event time from which the device may open a new alert again (set on RESOLVED). */
    public long reopenAllowedAt = Long.MIN_VALUE;

    /** Event time of the device's newest event seen by the alerting (silence is measured from it); MIN_VALUE before any. */
    public long lastEventTs = Long.MIN_VALUE;
    /** The event-time timer armed for {@code job.device_idle_timeout} while an alert is open; MIN_VALUE when none. */
    public long idleTimer = Long.MIN_VALUE;
    /** The event-time timer armed for {@code job.device_state_ttl}; MIN_VALUE when none. */
    public long expiryTimer = Long.MIN_VALUE;

    public CusumState() {}
}
