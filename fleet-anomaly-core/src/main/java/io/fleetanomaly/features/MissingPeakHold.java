package io.fleetanomaly.features;

/**
 * A missing daily peak is not a new level: while a sensor's season expects its peak (the season
 * at least {@link #MIN_PEAK_SPREADS} of the sensor's spreads above its daily mean, or as far below
 * it for a sensor whose cycle runs against the load) and the reading's deviation from the
 * reference level has lost at least {@link #MISSING_FRACTION} of it, the device's fast level does
 * not move on that reading, so the missing peak stays visible in z instead of being followed (a
 * missing peak is a load change of every metric in proportion to its daily cycle, which the level
 * otherwise follows as it follows a quieter week-end). Outside the peak hours, and on readings that
 * keep most of the peak, the level moves as before. Stateless: it adds nothing to a device's state.
 */
public final class MissingPeakHold {
    /**
     * The season must expect at least this many spreads above the daily mean (1, 1.5, 2, 3 tried on
     * simulated service fleets, tuning seeds 11–13; 1 and 1.5 tie: docs/benchmarks.md, service).
     */
    public static final double MIN_PEAK_SPREADS = 1.5;
    /** The share of the expected peak a reading must have lost (0.5 and 0.7 tried, same seeds). */
    public static final double MISSING_FRACTION = 0.5;

    /**
     * The level must be within this many spreads of the reference: a device whose level already
     * follows a load change (a quieter week-end the reference has not yet accepted) is left to it
     * (same seeds).
     */
    public static final double NEAR_REFERENCE_SPREADS = 1.0;

    private MissingPeakHold() {}

    /**
     * Whether the level holds on this reading.
     *
     * @param expectedPeak the season's value now, in the sensor's spreads (its daily mean is 0), signed so that the load's peak is positive
     * @param fromReference the reading's deseasonalised deviation from the reference level, in spreads, signed as expectedPeak
     * @param levelFromReference the level's distance from the reference, in spreads
     */
    public static boolean holds(double expectedPeak, double fromReference, double levelFromReference) {
        return expectedPeak >= MIN_PEAK_SPREADS && fromReference <= -MISSING_FRACTION * expectedPeak
                && Math.abs(levelFromReference) <= NEAR_REFERENCE_SPREADS;
    }
}
