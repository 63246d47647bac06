package io.fleetanomaly.features;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * A change of variance of a device's sensor, seen on its device-scaled residual z (device mode with
 * device-scaled inputs): per sensor, an exponentially weighted mean over about K events of the
 * event-to-event change |z<sub>t</sub> − z<sub>t−1</sub>| in units of the sensor's own difference
 * spread (learned from its warm-up's consecutive differences), each change clipped at {@link #CLIP}
 * spreads, against the device's own long-run mean of the same clipped change ({@link #BASELINE_EVENTS},
 * starting at the warm-up's). Its log ratio, divided by that log ratio's standard deviation, is a
 * one-sided normal deviate u (noise that grew); the event's statistic is the largest max(0, u<sub>j</sub>)²,
 * on the scale of a d², and that sensor's is its only contribution.
 *
 * <p>Why the differences of z rather than z itself: a change from one reading to the next does not
 * see the level, the reference, the season's error or the slow wander of an autocorrelated sensor
 * (all of which move by a fraction of a spread per event), while noise grown k-fold makes every
 * change k times larger. Why clipped: a spike (two large changes) or a level shift's step (one)
 * moves the mean by at most {@link #CLIP}/K each, so the statistic answers to a lasting change of
 * the noise, not to the faults the reading's own d² already scores.
 *
 * <p>Calibration: a normal sensor's clipped |change| has the mean and variance of a clipped |N(0, 1)|
 * (its difference spread makes it so); the EWMA's variance is α/(2 − α) of that (α = 1/K, changes
 * taken as independent), and its log's standard deviation follows by the delta method; the
 * baseline's own error (the mean of n warm-up changes: √(Var/n)/mean, n the warm-up's differences)
 * adds in quadrature, and is counted in full although the baseline refines it later. The difference
 * spread is the warm-up's mean clipped |change| (clipped at {@link #CLIP} MAD-based spreads) over
 * {@link #NORMAL_MEAN}: a more efficient estimate than the MAD (relative error 0.76/√n against
 * 1.17/√n), so the warm-up's baseline is {@link #NORMAL_MEAN} by construction. (A first version took
 * the MAD alone, compared the EWMA with {@link #NORMAL_MEAN} for good and summed the sensors' terms:
 * on the service training fleet, seed 7, a few devices whose warm-up day happened to show smaller
 * changes sat 3–5 deviates up for days, and the calibration's top quantiles rose from d² 14.6 to 20–25.) The device
 * scorer takes the larger of this and the reading's d², and the bundle's calibration, fitted on the
 * training fleet replayed through the same scorer, maps it to a score.
 *
 * <p>State: K's EWMA, one double per sensor in the device's hot state; the difference spreads, one
 * double per sensor, are fitted once at the end of the warm-up.
 */
public final class VarianceChange {
    /** A change beyond this many of the sensor's difference spreads counts as this many (set before any run). */
    public static final double CLIP = 4.0;
    /** A sensor whose warm-up differences have a spread below this (constant or not reported) gets no statistic. */
    public static final double MIN_DIFFERENCE_SPREAD = 1e-9;
    /**
     * Memory in events of each sensor's long-run mean clipped change, the statistic's baseline (a
     * week at five minutes, set before any run): the warm-up's one-day estimate, whose error stays
     * with a device for good otherwise, is refined over the device's normal days.
     */
    public static final int BASELINE_EVENTS = 2016;
    /** The baseline learns only from events whose deviate u is below this: a change of variance does not teach it. */
    public static final double BASELINE_GATE = 3.0;
    /** E min(|Z|, CLIP) for a standard normal Z: the EWMA of a normal sensor. */
    public static final double NORMAL_MEAN;
    /** Var min(|Z|, CLIP). */
    static final double NORMAL_VARIANCE;

    static {
        NormalDistribution normal = new NormalDistribution(null, 0, 1);
        double density = normal.density(CLIP);
        double beyond = 2 * (1 - normal.cumulativeProbability(CLIP));
        double mean = 2 * (normal.density(0) - density) + CLIP * beyond;
        double secondMoment = (1 - beyond) - 2 * CLIP * density + CLIP * CLIP * beyond;
        NORMAL_MEAN = mean;
        NORMAL_VARIANCE = secondMoment - mean * mean;
    }

    private final int events;
    private final double alpha;
    /** Standard deviation of ln(EWMA / NORMAL_MEAN) on a normal sensor. */
    private final double logSpread;

    /**
     * @param events K, the EWMA's memory in events (at least 2)
     * @param warmupDifferences the differences each device's difference spread is estimated from (its warm-up's readings − 1)
     */
    public VarianceChange(int events, int warmupDifferences) {
        if (events < 2 || warmupDifferences < 2) {
            throw new IllegalArgumentException("the variance statistic needs a memory of at least 2 events and a warm-up"
                    + " of at least 3 readings, got " + events + " and " + (warmupDifferences + 1));
        }
        this.events = events;
        this.alpha = 1.0 / events;
        double ewma = Math.sqrt(alpha / (2 - alpha) * NORMAL_VARIANCE) / NORMAL_MEAN;
        double spreadError = Math.sqrt(NORMAL_VARIANCE / warmupDifferences) / NORMAL_MEAN;
        this.logSpread = Math.sqrt(ewma * ewma + spreadError * spreadError);
    }

    public int events() {
        return events;
    }

    /**
     * A device's state for F sensors: per sensor the EWMA over K events, then per sensor the
     * baseline, all at a normal sensor's mean (2F doubles).
     */
    public static double[] newState(int sensors) {
        double[] state = new double[2 * sensors];
        java.util.Arrays.fill(state, NORMAL_MEAN);
        return state;
    }

    /**
     * A sensor's lag-one autocorrelation estimated from its difference spread s (in the sensor's own
     * spreads): consecutive readings of unit variance and lag-one autocorrelation φ differ with variance
     * 2(1 − φ), so φ ≈ 1 − s²/2 (1 for a sensor without a difference spread: one that does not vary).
     * The missing-peak score uses it to leave slow sensors out (see {@code DeviceScorer}).
     */
    public static double lagOneAutocorrelation(double differenceSpread) {
        return 1.0 - differenceSpread * differenceSpread / 2.0;
    }

    /**
     * Each sensor's difference spread from the consecutive differences of the warm-up's device-scaled
     * readings ({@code scaled}, n rows of F, row-major): their mean |difference| clipped at
     * {@link #CLIP} MAD-based spreads, over {@link #NORMAL_MEAN}; 0 for a sensor whose differences do
     * not vary (one the device does not send).
     */
    public static double[] differenceSpreads(double[] scaled, int n, int sensors) {
        double[] spreads = new double[sensors];
        if (n < 3) {
            return spreads;
        }
        double[] differences = new double[n - 1];
        for (int j = 0; j < sensors; j++) {
            for (int i = 1; i < n; i++) {
                differences[i - 1] = scaled[i * sensors + j] - scaled[(i - 1) * sensors + j];
            }
            double mad = RobustStatistics.robustSpread(differences, RobustStatistics.median(differences));
            if (!Double.isFinite(mad) || mad < MIN_DIFFERENCE_SPREAD) {
                continue;
            }
            double sum = 0;
            for (double difference : differences) {
                sum += Math.min(CLIP * mad, Math.abs(difference));
            }
            spreads[j] = sum / differences.length / NORMAL_MEAN;
        }
        return spreads;
    }

    /**
     * Takes one event's device-scaled reading and returns the statistic, the largest max(0, u<sub>j</sub>)²,
     * writing it as that sensor's term to {@code terms} (the others 0). A sensor imputed in this event
     * (bit j of {@code imputedMask}) does not move; one without a difference spread adds nothing.
     *
     * @param ewma the device's state ({@link #newState(int)}: 2F values), updated
     * @param reading this event's z
     * @param previous the previous event's z
     */
    public double advance(double[] ewma, double[] reading, double[] previous, long imputedMask, double[] differenceSpread,
            double[] terms) {
        int sensors = terms.length;
        double largest = 0.0;
        int lead = -1;
        for (int j = 0; j < sensors; j++) {
            terms[j] = 0.0;
            if (differenceSpread[j] <= 0.0) {
                continue;
            }
            boolean present = j >= Long.SIZE || (imputedMask & (1L << j)) == 0;
            double change = Math.min(CLIP, Math.abs(reading[j] - previous[j]) / differenceSpread[j]);
            if (present) {
                ewma[j] += alpha * (change - ewma[j]);
            }
            double u = Math.log(Math.max(ewma[j], 1e-12) / ewma[sensors + j]) / logSpread;
            if (present && u < BASELINE_GATE) {
                ewma[sensors + j] += (change - ewma[sensors + j]) / BASELINE_EVENTS;
            }
            if (u > 0 && u * u > largest) {
                largest = u * u;
                lead = j;
            }
        }
        if (lead >= 0) {
            terms[lead] = largest;
        }
        return largest;
    }
}
