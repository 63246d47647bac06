package io.fleetanomaly.features;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealVector;

/**
 * A device's own scale, learned from its warm-up (device mode): every detector sees the device's
 * readings as {@code z = (x − season(t) − location − level) / spread}, so devices a hundredfold
 * apart in scale, or following their own daily cycle, look alike to a fleet-trained detector.
 *
 * <ul>
 *   <li><b>season</b> (optional): per sensor, K harmonics of the period (a day) fitted by least
 *       squares to the warm-up, which must span one period; without a period, or a shorter warm-up,
 *       there is none;
 *   <li><b>location</b>: the median of the warm-up's deseasonalised readings (robust: one odd
 *       reading does not move it);
 *   <li><b>spread</b> ({@link DeviceSpread}): by default the long-run spread of the deseasonalised
 *       readings, √(b·Var(means of b consecutive readings)) with b = n/8, never below their robust
 *       (MAD) spread: a slow, autocorrelated sensor is judged by how far its level moves, not by its
 *       event-to-event noise; or the robust spread alone, which judges each reading against the
 *       spread of single readings;
 *   <li><b>level</b> (optional, hot state): an exponentially weighted mean of z with a clipped step
 *       that follows a slow trend or a quieter week-end: each event moves it by
 *       clip(z, ±{@link #LEVEL_STEP_CLIP})/L (L = the level's events), so it follows a ramp of up to
 *       {@link #LEVEL_STEP_CLIP}/L spreads per event, while a spike moves it by at most that per
 *       event and a sudden level shift or a burst of noise is absorbed only slowly and stays visible
 *       for about L·shift/{@link #LEVEL_STEP_CLIP} events. Unlike a gate (readings beyond a bound do not
 *       move the level at all), the level cannot be stranded: after a shift it was partly drawn
 *       into, it returns as the readings return.
 *   <li><b>reference level</b> (optional, with a level: {@code referenceEvents} R &gt; 0, hot state): a
 *       slow level a fault cannot drag, the median of the means of the last {@link #REFERENCE_BINS}
 *       bins of R/{@value #REFERENCE_BINS} deseasonalised readings, so a new level is accepted only
 *       after the readings have stayed there for about R/2 events (longer than a fault lasts). The
 *       fast level then moves only on readings within {@link #REFERENCE_GATE} spreads of the reference
 *       (so it cannot creep into a level shift, and a level stranded after a fault comes back with
 *       the reference), or on readings whose deviation from the reference the device's other
 *       sensors show too, in proportion to their daily load sensitivity (a load change such as a
 *       quieter week-end, see {@link #isLoadChange}).
 *   <li><b>season correction</b> (optional, with a season and a reference: {@code seasonCorrectionEvents}
 *       N &gt; 0, hot state): K harmonics per sensor learned after the warm-up from the readings the
 *       reference gate accepts, subtracted from the deseasonalised reading: the daily pattern of error
 *       a one-day season fit leaves on a slow sensor ({@link SeasonCorrection}).
 * </ul>
 * Inputs are the fleet-scaled readings the device window holds. Immutable, not keyed state: the job
 * keeps it as {@code io.fleetanomaly.state.DeviceScalerState} through {@code DeviceScalerMapper}.
 */
public final class DeviceScaler {
    /** Floor on a sensor's spread (fleet-scaled units): a sensor constant during the warm-up still divides. */
    public static final double MIN_SPREAD = 1e-6;
    /** The warm-up is cut into this many batches for the long-run spread. */
    public static final int BATCHES = 8;
    /**
     * The level moves by at most this many spreads / L per event: a quieter week-end ramping in over
     * hours is followed, a spike or a level shift is absorbed slowly (chosen on simulated service
     * fleets, seeds 11–13: see docs/detectors.md).
     */
    public static final double LEVEL_STEP_CLIP = 1.0;
    /**
     * Readings beyond this many spreads of the level do not move it at all: a level shift or a
     * spike of the size that opens an alert is not learned while it lasts, so its end is not seen
     * as a shift back (chosen with {@link #LEVEL_STEP_CLIP}, same fleets).
     */
    public static final double LEVEL_GATE = 5.0;

    /**
     * With a reference level, the fast level moves only on readings within this many spreads of
     * the reference (or on a load change): a level shift of 6–9 noise σ, the simulated service
     * faults', stays beyond it (chosen on simulated service fleets, seeds 11–13: see docs/detectors.md).
     */
    public static final double REFERENCE_GATE = 6.0;
    /** Bins of the reference level's window: the median of their means is the reference. */
    public static final int REFERENCE_BINS = 24;
    /**
     * A sensor's deviation from the reference is a load change when the device's other sensors
     * show a deviation of this many noise spreads along their load sensitivities, and predict the
     * sensor's own within this many (the noise of the prediction included).
     */
    public static final double LOAD_CHANGE_SIGNIFICANCE = 3.0;

    private final double[] location;
    private final double[] spread;
    /** Per sensor, 2K coefficients: cos(kθ), sin(kθ) for k = 1..K; empty without a season. */
    private final double[] season;
    private final long periodMs;
    private final int harmonics;
    private final int levelEvents;
    private final int referenceEvents;
    /** Whether the level holds while a daily peak is missing ({@link MissingPeakHold}). */
    private final boolean missingPeakHold;
    /** Memory of the season's online correction in events ({@link SeasonCorrection}); 0 = none. */
    private final int seasonCorrectionEvents;
    /**
     * Per sensor, its daily load sensitivity in spreads (see {@link #loadSensitivity}); zeros without a
     * season. Computed when first needed: the job builds a scaler per event from the device's state,
     * and only a reading beyond the reference gate asks for it.
     */
    private double[] load;
    /** The sensor with the largest daily load sensitivity, whose cycle sets the load's sign ({@link #loadSign}); -1 until first needed. */
    private int loadLeader = -1;
    /** The fleet's weekly gains ({@link WeeklyPrior}), applied to the season's prediction; null = none. */
    private final WeeklyPrior weeklyPrior;
    /**
     * Per sensor, how much wider the scores' spread is than the level's ({@link PredictiveSpread}):
     * the z every detector sees is divided by it, the level and its gates stay in the robust spread;
     * null = none (1).
     */
    private final double[] scoreWidening;

    public DeviceScaler(double[] location, double[] spread, double[] season, long periodMs, int harmonics, int levelEvents) {
        this(location, spread, season, periodMs, harmonics, levelEvents, 0);
    }

    /** As the other constructor, with a reference level over {@code referenceEvents} events (0 = none; needs a level). */
    public DeviceScaler(double[] location, double[] spread, double[] season, long periodMs, int harmonics, int levelEvents,
            int referenceEvents) {
        this(location, spread, season, periodMs, harmonics, levelEvents, referenceEvents, null);
    }

    /** As the other constructors, the season's prediction multiplied by the fleet's weekly gains (null = none). */
    public DeviceScaler(double[] location, double[] spread, double[] season, long periodMs, int harmonics, int levelEvents,
            int referenceEvents, WeeklyPrior weeklyPrior) {
        this(location, spread, season, periodMs, harmonics, levelEvents, referenceEvents, weeklyPrior, null);
    }

    /**
     * As the other constructors, each sensor's z divided by its score widening (≥ 1, one per sensor;
     * null = none) before any detector sees it, while the level moves in the robust spread.
     */
    public DeviceScaler(double[] location, double[] spread, double[] season, long periodMs, int harmonics, int levelEvents,
            int referenceEvents, WeeklyPrior weeklyPrior, double[] scoreWidening) {
        this(location, spread, season, periodMs, harmonics, levelEvents, referenceEvents, weeklyPrior, scoreWidening, false, 0);
    }

    /**
     * As the other constructors, with the missing-peak hold on or off ({@link MissingPeakHold}) and the
     * season corrected online over {@code seasonCorrectionEvents} events ({@link SeasonCorrection}; 0 =
     * none); both act only with a season and a reference. The job builds a scaler from the device's
     * state per event with this one.
     */
    public DeviceScaler(double[] location, double[] spread, double[] season, long periodMs, int harmonics, int levelEvents,
            int referenceEvents, WeeklyPrior weeklyPrior, double[] scoreWidening, boolean missingPeakHold,
            int seasonCorrectionEvents) {
        if (seasonCorrectionEvents < 0) {
            throw new IllegalArgumentException("season correction events must be >= 0, got " + seasonCorrectionEvents);
        }
        this.seasonCorrectionEvents = seasonCorrectionEvents;
        requireValidWidening(scoreWidening, location.length);
        this.scoreWidening = scoreWidening;
        if (weeklyPrior != null && weeklyPrior.sensors() != location.length) {
            throw new IllegalArgumentException("the weekly prior has " + weeklyPrior.sensors() + " sensors, the device "
                    + location.length);
        }
        this.weeklyPrior = weeklyPrior;
        if (location.length != spread.length || season.length != (periodMs > 0 ? 2 * harmonics * location.length : 0)) {
            throw new IllegalArgumentException("device scaler arrays do not match " + location.length + " sensors");
        }
        requireValidReference(levelEvents, referenceEvents);
        this.referenceEvents = referenceEvents;
        this.location = location;
        this.spread = spread;
        this.season = season;
        this.periodMs = periodMs;
        this.harmonics = periodMs > 0 ? harmonics : 0;
        this.levelEvents = levelEvents;
        this.missingPeakHold = missingPeakHold;
    }

    /** A loop, not a stream: the job validates the widening of every scaler it builds from state, once per event. */
    private static void requireValidWidening(double[] scoreWidening, int sensors) {
        if (scoreWidening == null) {
            return;
        }
        boolean valid = scoreWidening.length == sensors;
        for (int j = 0; valid && j < scoreWidening.length; j++) {
            valid = scoreWidening[j] >= 1.0 && !Double.isInfinite(scoreWidening[j]);
        }
        if (!valid) {
            throw new IllegalArgumentException("the score widening needs one finite value >= 1 per sensor (" + sensors
                    + "), got " + Arrays.toString(scoreWidening));
        }
    }

    /** This scaler with the missing-peak hold on or off ({@link MissingPeakHold}; it acts only with a season and a reference). */
    public DeviceScaler withMissingPeakHold(boolean hold) {
        return hold == missingPeakHold ? this
                : new DeviceScaler(location, spread, season, periodMs, harmonics, levelEvents, referenceEvents, weeklyPrior,
                        scoreWidening, hold, seasonCorrectionEvents);
    }

    /** This scaler with the season corrected online over this many events ({@link SeasonCorrection}; 0 = none). */
    public DeviceScaler withSeasonCorrection(int events) {
        return events == seasonCorrectionEvents ? this
                : new DeviceScaler(location, spread, season, periodMs, harmonics, levelEvents, referenceEvents, weeklyPrior,
                        scoreWidening, missingPeakHold, events);
    }

    /** Whether the season is corrected online: a correction memory, a season and a reference level. */
    private boolean correctsSeason() {
        return seasonCorrectionEvents > 0 && harmonics > 0 && referenceEvents > 0;
    }

    /** A reference level over {@code referenceEvents} events (0 = none) needs a level and at least {@link #REFERENCE_BINS} events. */
    public static void requireValidReference(int levelEvents, int referenceEvents) {
        if (referenceEvents != 0 && (levelEvents <= 0 || referenceEvents < REFERENCE_BINS)) {
            throw new IllegalArgumentException("a device reference level needs a device level and at least " + REFERENCE_BINS
                    + " events, got " + referenceEvents + " (level events " + levelEvents + ")");
        }
    }

    /**
     * Each sensor's daily load sensitivity in its own spreads: the amplitude of its season, signed
     * by whether its daily cycle runs with or against the cycle of the sensor whose cycle is the
     * largest. A change of the load (a quieter week-end) moves every sensor's deseasonalised reading
     * in proportion to it.
     */
    private double[] loadSensitivity() {
        int f = location.length;
        double[] g = new double[f];
        if (harmonics == 0) {
            return g;
        }
        int width = 2 * harmonics;
        for (int j = 0; j < f; j++) {
            g[j] = loadSign(j) * seasonAmplitude(j, width) / spread[j];
        }
        return g;
    }

    /**
     * Fits a device's scaler to its warm-up.
     *
     * @param ts the readings' timestamps (epoch ms)
     * @param rows fleet-scaled readings, n × F
     * @param periodMs the season's period (0 = none)
     * @param harmonics harmonics of the season
     * @param levelEvents L of the level (0 = no level)
     */
    public static DeviceScaler fit(long[] ts, double[][] rows, long periodMs, int harmonics, int levelEvents) {
        return fit(ts, rows, periodMs, harmonics, levelEvents, DeviceSpread.LONG_RUN);
    }

    /** As {@link #fit(long[], double[][], long, int, int)} with the spread asked for. */
    public static DeviceScaler fit(long[] ts, double[][] rows, long periodMs, int harmonics, int levelEvents,
            DeviceSpread spreadKind) {
        return fit(ts, rows, periodMs, harmonics, levelEvents, spreadKind, 0);
    }

    /** As {@link #fit(long[], double[][], long, int, int, DeviceSpread)} with a reference level over this many events. */
    public static DeviceScaler fit(long[] ts, double[][] rows, long periodMs, int harmonics, int levelEvents,
            DeviceSpread spreadKind, int referenceEvents) {
        return fit(ts, rows, periodMs, harmonics, levelEvents, spreadKind, referenceEvents, null);
    }

    /**
     * As {@link #fit(long[], double[][], long, int, int, DeviceSpread, int)} under the fleet's weekly
     * gains (null = none): the warm-up is fitted with the gains taken out, and the scaler puts them back.
     */
    public static DeviceScaler fit(long[] ts, double[][] original, long periodMs, int harmonics, int levelEvents,
            DeviceSpread spreadKind, int referenceEvents, WeeklyPrior weeklyPrior) {
        double[][] rows = weeklyPrior == null ? original : weeklyPrior.neutralised(ts, original);
        int n = rows.length;
        int f = rows[0].length;
        // n readings at a regular interval cover n intervals: a day at five minutes is 288 readings
        boolean seasonal = periodMs > 0 && harmonics > 0 && n > 2 * harmonics + 1
                && (double) (ts[n - 1] - ts[0]) * n / (n - 1) >= periodMs;
        double[] season = new double[seasonal ? 2 * harmonics * f : 0];
        double[][] residual = new double[n][f];
        for (int i = 0; i < n; i++) {
            residual[i] = rows[i].clone();
        }
        if (seasonal) {
            double[][] basis = new double[n][2 * harmonics + 1];
            for (int i = 0; i < n; i++) {
                basis[i][0] = 1.0;
                harmonicsAt(ts[i], periodMs, harmonics, basis[i], 1);
            }
            DecompositionSolver solver = new QRDecomposition(new Array2DRowRealMatrix(basis, false)).getSolver();
            if (!solver.isNonSingular()) {
                return fit(ts, original, 0, 0, levelEvents, spreadKind, referenceEvents, weeklyPrior);
            }
            double[] column = new double[n];
            for (int j = 0; j < f; j++) {
                for (int i = 0; i < n; i++) {
                    column[i] = rows[i][j];
                }
                RealVector beta = solver.solve(new ArrayRealVector(column, false));
                for (int k = 0; k < 2 * harmonics; k++) {
                    season[j * 2 * harmonics + k] = beta.getEntry(k + 1);
                }
            }
        }
        DeviceScaler withSeason = new DeviceScaler(new double[f], new double[f], season, seasonal ? periodMs : 0,
                seasonal ? harmonics : 0, levelEvents);
        double[] seasonNow = new double[f];
        for (int i = 0; i < n; i++) {
            withSeason.seasonAt(ts[i], seasonNow);
            for (int j = 0; j < f; j++) {
                residual[i][j] -= seasonNow[j];
            }
        }
        double[] location = new double[f];
        double[] spread = new double[f];
        double[] widening = spreadKind == DeviceSpread.ROBUST_PREDICTIVE ? new double[f] : null;
        int b = Math.max(1, n / BATCHES);
        double[] values = new double[n];
        for (int j = 0; j < f; j++) {
            for (int i = 0; i < n; i++) {
                values[i] = residual[i][j];
            }
            location[j] = RobustStatistics.median(values);
            double robust = RobustStatistics.robustSpread(values, location[j]);
            double chosen = spreadKind == DeviceSpread.LONG_RUN ? Math.max(robust, longRunSpread(values, b)) : robust;
            spread[j] = Math.max(MIN_SPREAD, chosen);
            if (widening != null) {
                widening[j] = PredictiveSpread.factor(values, location[j], 2 * (seasonal ? harmonics : 0) + 1);
            }
        }
        return new DeviceScaler(location, spread, season, withSeason.periodMs, withSeason.harmonics, levelEvents,
                referenceEvents, weeklyPrior, widening);
    }

    /**
     * A new device's level state (hot state, zeros: the warm-up's median is the location): with a
     * reference, per sensor the level, then the open bin's sum and count, the ring's next bin, the
     * reference and the ring of {@link #REFERENCE_BINS} bin means ((5 + 24)·F doubles: 928 bytes
     * for four sensors), followed, with the season's online correction, by its 2K coefficients per
     * sensor ({@link SeasonCorrection}: 48 bytes a sensor with three harmonics); else the level alone.
     */
    public double[] newLevel() {
        int f = location.length;
        return new double[referenceEvents > 0 ? (5 + REFERENCE_BINS) * f + (correctsSeason() ? 2 * harmonics * f : 0) : f];
    }

    /**
     * Standardises every present (non-NaN) fleet-scaled reading of one event in place, moving the
     * level (and the reference, when there is one); missing readings stay NaN and move nothing.
     *
     * @param deviationScratch one value per sensor, overwritten (each reading's deviation from the reference)
     */
    public void standardise(double[] fleetScaled, double[] seasonNow, double[] level, double[] deviationScratch) {
        if (correctsSeason()) {
            throw new IllegalStateException("a scaler with a season correction standardises with the event's time");
        }
        standardise(fleetScaled, 0L, seasonNow, level, deviationScratch);
    }

    /**
     * As {@link #standardise(double[], double[], double[], double[])} for an event at ts (epoch ms):
     * with the season's online correction ({@link SeasonCorrection}), each reading's deseasonalised
     * value is corrected first, and a reading the reference gate accepts teaches the correction.
     */
    public void standardise(double[] fleetScaled, long ts, double[] seasonNow, double[] level, double[] deviationScratch) {
        int f = location.length;
        if (referenceEvents <= 0 || level == null) {
            for (int j = 0; j < f; j++) {
                if (!Double.isNaN(fleetScaled[j])) {
                    fleetScaled[j] = standardise(j, fleetScaled[j], seasonNow, level);
                }
            }
            return;
        }
        // state written before the correction was on has no room for it: no correction
        SeasonCorrection correction = correctsSeason() && level.length >= (5 + REFERENCE_BINS + 2 * harmonics) * f
                ? new SeasonCorrection(level, (5 + REFERENCE_BINS) * f, harmonics, ts, periodMs, seasonCorrectionEvents)
                : null;
        double[] fromReference = deviationScratch;
        for (int j = 0; j < f; j++) {
            fromReference[j] = Double.isNaN(fleetScaled[j]) ? 0.0
                    : corrected(j, deseasonalised(j, fleetScaled[j], seasonNow), correction) - level[4 * f + j];
        }
        for (int j = 0; j < f; j++) {
            if (Double.isNaN(fleetScaled[j])) {
                continue;
            }
            double u = corrected(j, deseasonalised(j, fleetScaled[j], seasonNow), correction);
            double z = u - level[j];
            boolean held = missingPeakHold && MissingPeakHold.holds(
                    loadSign(j) * seasonNow[j] / spread[j], loadSign(j) * fromReference[j], level[j] - level[4 * f + j]);
            if (!held && (Math.abs(fromReference[j]) <= REFERENCE_GATE
                    || (Math.abs(z) <= LEVEL_GATE && isLoadChange(j, fleetScaled, fromReference)))) {
                level[j] += Math.max(-LEVEL_STEP_CLIP, Math.min(LEVEL_STEP_CLIP, z)) / levelEvents;
            }
            if (correction != null && !held && Math.abs(fromReference[j]) <= REFERENCE_GATE) {
                correction.learn(j, fromReference[j]);
            }
            addToReference(level, f, j, u);
            fleetScaled[j] = widened(j, z);
        }
    }

    /**
     * z of a warm-up reading of sensor j as the fit saw it (no level, not widened): the device's own
     * models learn the warm-up's in-sample spread, and later readings, divided by the score widening,
     * are judged against it. Without a widening the same as {@code standardise(j, fleetScaled, seasonNow, null)}.
     */
    public double inSample(int j, double fleetScaled, double[] seasonNow) {
        return deseasonalised(j, fleetScaled, seasonNow);
    }

    private static double corrected(int j, double deseasonalised, SeasonCorrection correction) {
        return correction == null ? deseasonalised : deseasonalised - correction.at(j);
    }

    /** z of sensor j in the scores' spread: divided by its score widening, when there is one. */
    private double widened(int j, double z) {
        return scoreWidening == null ? z : z / scoreWidening[j];
    }

    /** Sensor j's fleet-scaled reading less its location and season, in its spreads. */
    private double deseasonalised(int j, double fleetScaled, double[] seasonNow) {
        return (fleetScaled - location[j] - seasonNow[j]) / spread[j];
    }

    /** Adds u to sensor j's open bin; a full bin enters the ring and the reference becomes the ring's median. */
    private void addToReference(double[] level, int f, int j, double u) {
        int sum = f + j;
        int count = 2 * f + j;
        int next = 3 * f + j;
        int ring = 5 * f + j * REFERENCE_BINS;
        level[sum] += u;
        level[count] += 1;
        if (level[count] >= (double) referenceEvents / REFERENCE_BINS) {
            int bin = (int) level[next];
            level[ring + bin] = level[sum] / level[count];
            level[next] = (bin + 1) % REFERENCE_BINS;
            level[sum] = 0;
            level[count] = 0;
            level[4 * f + j] = RobustStatistics.median(Arrays.copyOfRange(level, ring, ring + REFERENCE_BINS));
        }
    }

    /**
     * How far sensor j's level has followed a daily peak that did not come, in its spreads (0 when it
     * has not): while the season expects at least {@link MissingPeakHold#MIN_PEAK_SPREADS} above the daily
     * mean on the load's side and the level has fallen below the reference by at least
     * {@link MissingPeakHold#MISSING_FRACTION} of that, the level's distance from the reference; 0 without a
     * reference. The level follows a missing peak as a load change (every metric falls with its load
     * sensitivity), so z stays small while the level is where the peak shows.
     */
    public double missingPeakDeficit(int j, double[] seasonNow, double[] level) {
        int f = location.length;
        if (referenceEvents <= 0 || level == null || level.length < 5 * f) {
            return 0.0;
        }
        double sign = loadSign(j);
        double expected = sign * seasonNow[j] / spread[j];
        double fallen = -sign * (level[j] - level[4 * f + j]);
        return expected >= MissingPeakHold.MIN_PEAK_SPREADS && fallen >= MissingPeakHold.MISSING_FRACTION * expected
                ? fallen : 0.0;
    }

    /**
     * +1 when sensor j's daily cycle runs with the device's load (see {@link #loadSensitivity}), −1 against it.
     * Computed from the season without an array: the job builds a scaler per event, and the missing-peak
     * hold and score ask for it on every event, for every sensor.
     */
    private double loadSign(int j) {
        if (harmonics == 0) {
            return 1.0;
        }
        int width = 2 * harmonics;
        int leader = loadLeader();
        double firstHarmonics = season[j * width] * season[leader * width]
                + season[j * width + 1] * season[leader * width + 1];
        return firstHarmonics < 0 ? -1.0 : 1.0;
    }

    /** The sensor with the largest daily amplitude in its spreads (the first of equals), found once per scaler. */
    private int loadLeader() {
        if (loadLeader < 0) {
            int width = 2 * harmonics;
            int largest = 0;
            double largestSensitivity = seasonAmplitude(0, width) / spread[0];
            for (int k = 1; k < location.length; k++) {
                double sensitivity = seasonAmplitude(k, width) / spread[k];
                if (sensitivity > largestSensitivity) {
                    largest = k;
                    largestSensitivity = sensitivity;
                }
            }
            loadLeader = largest;
        }
        return loadLeader;
    }

    /** The Euclidean norm of sensor j's season coefficients (its daily amplitude, fleet-scaled). */
    private double seasonAmplitude(int j, int width) {
        double ss = 0;
        for (int k = 0; k < width; k++) {
            ss += season[j * width + k] * season[j * width + k];
        }
        return Math.sqrt(ss);
    }

    /**
     * Whether sensor j's deviation from the reference is a change of the device's load: the other
     * present sensors deviate along their load sensitivities g by a significant amount
     * (|Σ dₖgₖ|/√Σgₖ² ≥ {@link #LOAD_CHANGE_SIGNIFICANCE}) and predict j's deviation (c·gⱼ, with
     * c = Σ dₖgₖ/Σgₖ²) within that many noise spreads of the prediction. A fault of one sensor, or
     * of a device with one sensor, is never a load change.
     */
    private boolean isLoadChange(int j, double[] present, double[] fromReference) {
        if (load == null) {
            load = loadSensitivity();
        }
        double dot = 0;
        double gg = 0;
        for (int k = 0; k < load.length; k++) {
            if (k != j && !Double.isNaN(present[k])) {
                dot += fromReference[k] * load[k];
                gg += load[k] * load[k];
            }
        }
        if (gg <= 0 || Math.abs(dot) / Math.sqrt(gg) < LOAD_CHANGE_SIGNIFICANCE) {
            return false;
        }
        double predicted = dot / gg * load[j];
        return Math.abs(fromReference[j] - predicted) <= LOAD_CHANGE_SIGNIFICANCE * Math.sqrt(1 + load[j] * load[j] / gg);
    }

    /**
     * z of a fleet-scaled reading of sensor j at time ts; with a level ({@code level} non-null), z
     * is taken relative to it and the level then moves towards the new value by at most
     * {@link #LEVEL_STEP_CLIP}/L. To standardise several sensors at one time, compute the season
     * once ({@link #seasonAt(long, double[])}) and use {@link #standardise(int, double, double[], double[])}.
     */
    public double standardise(int j, double fleetScaled, long ts, double[] level) {
        double[] seasonNow = new double[location.length];
        seasonAt(ts, seasonNow);
        return standardise(j, fleetScaled, seasonNow, level);
    }

    /** As {@link #standardise(int, double, long, double[])}, with the season at ts from {@link #seasonAt(long, double[])}. */
    public double standardise(int j, double fleetScaled, double[] seasonNow, double[] level) {
        double u = deseasonalised(j, fleetScaled, seasonNow);
        if (levelEvents <= 0 || level == null) {
            return widened(j, u);
        }
        double z = u - level[j];
        if (Math.abs(z) <= LEVEL_GATE) {
            level[j] += Math.max(-LEVEL_STEP_CLIP, Math.min(LEVEL_STEP_CLIP, z)) / levelEvents;
        }
        return widened(j, z);
    }

    /**
     * Writes the season's value of every sensor at ts (fleet-scaled units; 0 without a season; with a
     * weekly prior, the expected deviation from the location under the fleet's weekly gain at ts) to
     * {@code out}: each harmonic's cosine and sine are computed once for all sensors.
     */
    public void seasonAt(long ts, double[] out) {
        int f = location.length;
        Arrays.fill(out, 0, f, 0.0);
        if (harmonics > 0) {
            addSeason(ts, out);
        }
        if (weeklyPrior != null) {
            weeklyPrior.adjust(ts, location, out);
        }
    }

    private void addSeason(long ts, double[] out) {
        int f = location.length;
        double theta = 2 * Math.PI * Math.floorMod(ts, periodMs) / periodMs;
        for (int k = 1; k <= harmonics; k++) {
            double cos = Math.cos(k * theta);
            double sin = Math.sin(k * theta);
            for (int j = 0; j < f; j++) {
                int at = j * 2 * harmonics + 2 * (k - 1);
                out[j] += season[at] * cos + season[at + 1] * sin;
            }
        }
    }

    /** cos(kθ), sin(kθ) for k = 1..K at ts (θ the phase of ts in the period), written to {@code out} from {@code offset}. */
    static void harmonicsAt(long ts, long periodMs, int harmonics, double[] out, int offset) {
        double theta = 2 * Math.PI * Math.floorMod(ts, periodMs) / periodMs;
        for (int k = 1; k <= harmonics; k++) {
            out[offset + 2 * (k - 1)] = Math.cos(k * theta);
            out[offset + 2 * (k - 1) + 1] = Math.sin(k * theta);
        }
    }

    /** √(b·Var(means of b consecutive values)), 0 with fewer than 2 batches. */
    private static double longRunSpread(double[] values, int b) {
        int batches = values.length / b;
        if (batches < 2) {
            return 0.0;
        }
        double[] means = new double[batches];
        for (int k = 0; k < batches; k++) {
            double sum = 0;
            for (int i = k * b; i < (k + 1) * b; i++) {
                sum += values[i];
            }
            means[k] = sum / b;
        }
        double mean = Arrays.stream(means).average().orElse(0);
        double ss = 0;
        for (double m : means) {
            ss += (m - mean) * (m - mean);
        }
        return Math.sqrt(b * ss / (batches - 1));
    }

    public int dimensions() {
        return location.length;
    }

    public double[] location() {
        return location.clone();
    }

    public double[] spread() {
        return spread.clone();
    }

    public double[] season() {
        return season.clone();
    }

    public long periodMs() {
        return periodMs;
    }

    public int harmonics() {
        return harmonics;
    }

    public int levelEvents() {
        return levelEvents;
    }

    /** Events of the reference level's window (0 = none). */
    public int referenceEvents() {
        return referenceEvents;
    }

    /** Per sensor, the factor z is divided by before the detectors see it ({@link PredictiveSpread}); null = none. */
    public double[] scoreWidening() {
        return scoreWidening == null ? null : scoreWidening.clone();
    }

    /** The fleet's weekly gains this scaler applies; null = none. */
    public WeeklyPrior weeklyPrior() {
        return weeklyPrior;
    }

    /** Whether the level holds while a daily peak is missing. */
    public boolean missingPeakHold() {
        return missingPeakHold;
    }

    /** Memory of the season's online correction in events ({@link SeasonCorrection}); 0 = none. */
    public int seasonCorrectionEvents() {
        return seasonCorrectionEvents;
    }
}
