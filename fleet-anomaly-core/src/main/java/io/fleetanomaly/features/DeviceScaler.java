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

    static final int PROBE_REF_BINS = Integer.getInteger("probe.refbins", 0);
    static final int PROBE_REF_BIN_EVENTS = Integer.getInteger("probe.refbinevents", 12);
    static final double PROBE_REF_GATE = Double.parseDouble(System.getProperty("probe.refgate", "5"));
    static final boolean PROBE_REF_SCORE = Boolean.getBoolean("probe.refscore");
    static final boolean PROBE_REF_RETURN = Boolean.getBoolean("probe.refreturn");

    static final boolean PROBE_COHERENT = Boolean.getBoolean("probe.coherent");
    static final double PROBE_COH_SIG = Double.parseDouble(System.getProperty("probe.cohsig", "3"));

    /** probe: whether the reference is on. */
    public boolean referenceOn(double[] level) {
        return PROBE_REF_BINS > 0 && level != null && level.length == (5 + PROBE_REF_BINS) * location.length;
    }

    /** Each sensor's daily load sensitivity in spreads: the season's amplitude, signed by its phase against the largest. */
    private double[] loadDirection() {
        int f = location.length;
        double[] g = new double[f];
        if (harmonics == 0) {
            return g;
        }
        int largest = 0;
        for (int j = 0; j < f; j++) {
            double ss = 0;
            for (int k = 0; k < 2 * harmonics; k++) {
                ss += season[j * 2 * harmonics + k] * season[j * 2 * harmonics + k];
            }
            g[j] = Math.sqrt(ss) / spread[j];
            if (g[j] > g[largest]) {
                largest = j;
            }
        }
        for (int j = 0; j < f; j++) {
            double dot = season[j * 2 * harmonics] * season[largest * 2 * harmonics]
                    + season[j * 2 * harmonics + 1] * season[largest * 2 * harmonics + 1];
            if (dot < 0) {
                g[j] = -g[j];
            }
        }
        return g;
    }

    /** probe: standardises every present (non-NaN) fleet-scaled reading in place, with the reference level. */
    public void standardiseAll(double[] x, double[] seasonNow, double[] level) {
        int f = location.length;
        double[] u = new double[f];
        double[] d = new double[f];
        double[] g = PROBE_COHERENT ? loadDirection() : null;
        for (int j = 0; j < f; j++) {
            if (!Double.isNaN(x[j])) {
                u[j] = (x[j] - location[j] - seasonNow[j]) / spread[j];
                d[j] = u[j] - level[4 * f + j];
            }
        }
        for (int j = 0; j < f; j++) {
            if (Double.isNaN(x[j])) {
                continue;
            }
            int sum = f + j, count = 2 * f + j, at = 3 * f + j, ref = 4 * f + j, ring = 5 * f + j * PROBE_REF_BINS;
            double r = level[ref];
            double z = u[j] - level[j];
            boolean towards = PROBE_REF_RETURN && Math.abs(u[j] - r) < Math.abs(level[j] - r);
            boolean move = Math.abs(d[j]) <= PROBE_REF_GATE || towards
                    || (g != null && Math.abs(z) <= LEVEL_GATE && coherent(j, x, d, g));
            if (move) {
                level[j] += Math.max(-LEVEL_STEP_CLIP, Math.min(LEVEL_STEP_CLIP, z)) / levelEvents;
            }
            level[sum] += u[j];
            if (++level[count] >= PROBE_REF_BIN_EVENTS) {
                int k = (int) level[at];
                level[ring + k] = level[sum] / level[count];
                level[at] = (k + 1) % PROBE_REF_BINS;
                level[sum] = 0;
                level[count] = 0;
                level[ref] = RobustStatistics.median(Arrays.copyOfRange(level, ring, ring + PROBE_REF_BINS));
            }
            x[j] = PROBE_REF_SCORE ? u[j] - r : z;
        }
    }

    /** Sensor j's deviation is the others' in proportion to the load sensitivities (a load change, not a fault of j). */
    private static boolean coherent(int j, double[] x, double[] d, double[] g) {
        double s = 0;
        double gg = 0;
        for (int k = 0; k < d.length; k++) {
            if (k != j && !Double.isNaN(x[k])) {
                s += d[k] * g[k];
                gg += g[k] * g[k];
            }
        }
        if (gg <= 0 || Math.abs(s) / Math.sqrt(gg) < PROBE_COH_SIG) {
            return false;
        }
        double predicted = s / gg * g[j];
        return Math.abs(d[j] - predicted) <= PROBE_COH_SIG * Math.sqrt(1 + g[j] * g[j] / gg);
    }

    /** probe: a new device's level state. */
    public double[] newLevel() {
        int f = location.length;
        return new double[PROBE_REF_BINS > 0 ? (5 + PROBE_REF_BINS) * f : f];
    }

    private final double[] location;
    private final double[] spread;
    /** Per sensor, 2K coefficients: cos(kθ), sin(kθ) for k = 1..K; empty without a season. */
    private final double[] season;
    private final long periodMs;
    private final int harmonics;
    private final int levelEvents;

    public DeviceScaler(double[] location, double[] spread, double[] season, long periodMs, int harmonics, int levelEvents) {
        if (location.length != spread.length || season.length != (periodMs > 0 ? 2 * harmonics * location.length : 0)) {
            throw new IllegalArgumentException("device scaler arrays do not match " + location.length + " sensors");
        }
        this.location = location;
        this.spread = spread;
        this.season = season;
        this.periodMs = periodMs;
        this.harmonics = periodMs > 0 ? harmonics : 0;
        this.levelEvents = levelEvents;
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
                return fit(ts, rows, 0, 0, levelEvents, spreadKind);
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
        int b = Math.max(1, n / BATCHES);
        double[] values = new double[n];
        for (int j = 0; j < f; j++) {
            for (int i = 0; i < n; i++) {
                values[i] = residual[i][j];
            }
            location[j] = RobustStatistics.median(values);
            double robust = RobustStatistics.robustSpread(values, location[j]);
            double chosen = spreadKind == DeviceSpread.ROBUST ? robust : Math.max(robust, longRunSpread(values, b));
            spread[j] = Math.max(MIN_SPREAD, chosen);
        }
        return new DeviceScaler(location, spread, season, withSeason.periodMs, withSeason.harmonics, levelEvents);
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
        double u = (fleetScaled - location[j] - seasonNow[j]) / spread[j];
        if (levelEvents <= 0 || level == null) {
            return u;
        }
        int f = location.length;
        if (PROBE_REF_BINS > 0 && level.length == (5 + PROBE_REF_BINS) * f) {
            int sum = f + j, count = 2 * f + j, at = 3 * f + j, ref = 4 * f + j, ring = 5 * f + j * PROBE_REF_BINS;
            double r = level[ref];
            double z = u - level[j];
            boolean towards = PROBE_REF_RETURN && Math.abs(u - r) < Math.abs(level[j] - r);
            if (Math.abs(u - r) <= PROBE_REF_GATE || towards) {
                level[j] += Math.max(-LEVEL_STEP_CLIP, Math.min(LEVEL_STEP_CLIP, z)) / levelEvents;
            }
            level[sum] += u;
            if (++level[count] >= PROBE_REF_BIN_EVENTS) {
                int k = (int) level[at];
                level[ring + k] = level[sum] / level[count];
                level[at] = (k + 1) % PROBE_REF_BINS;
                level[sum] = 0;
                level[count] = 0;
                level[ref] = RobustStatistics.median(Arrays.copyOfRange(level, ring, ring + PROBE_REF_BINS));
            }
            return PROBE_REF_SCORE ? u - r : z;
        }
        double z = u - level[j];
        if (Math.abs(z) <= LEVEL_GATE) {
            level[j] += Math.max(-LEVEL_STEP_CLIP, Math.min(LEVEL_STEP_CLIP, z)) / levelEvents;
        }
        return z;
    }

    /**
     * Writes the season's value of every sensor at ts (fleet-scaled units; 0 without a season) to
     * {@code out}: each harmonic's cosine and sine are computed once for all sensors.
     */
    public void seasonAt(long ts, double[] out) {
        int f = location.length;
        Arrays.fill(out, 0, f, 0.0);
        if (harmonics == 0) {
            return;
        }
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

    private static void harmonicsAt(long ts, long periodMs, int harmonics, double[] out, int offset) {
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
}
