package io.fleetanomaly.features;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A fleet's weekly calendar, learned at training time: per sensor, the typical gain of its reading
 * at each hour of the week (UTC) against what the device's one-day season predicts. A service's
 * quieter week-end is a fall of its whole load, so it is a gain on the reading (about its raw zero),
 * not an offset: it also shrinks the daily amplitude. Applied from a device's first week-end, which
 * its one-day warm-up could not learn.
 *
 * <p>The gain multiplies the device's expected raw reading: expected(t) = zero + G(t)·(location +
 * season(t) − zero) in fleet-scaled units, zero being the fleet-scaled value of a raw 0 reading.
 * Between hourly bins it is interpolated linearly (bin centres), so a ramp at night is followed.
 * Immutable; shared by every device of a bundle.
 */
public final class WeeklyPrior implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final long WEEK_MS = 7 * 86_400_000L;
    public static final long DEFAULT_BIN_MS = 3_600_000L;
    /** A bin's gain is kept only when this many devices saw it ... */
    public static final int MIN_DEVICES = 3;
    /** ... and it differs from 1 by this many standard errors of the fleet's median; else the bin is neutral (1). */
    public static final double SIGNIFICANCE = 3.0;

    /** The gains are smoothed by a running median over this many hourly bins (see {@link #learn}). */
    public static final int SMOOTHING_BINS = 5;

    private final long binMs;
    private final int bins;
    /** Per sensor, the fleet-scaled value of a raw reading of 0. */
    private final double[] zero;
    /** Per sensor, {@code bins} gains: sensor j's bin b at j·bins + b. */
    private final double[] gains;

    public WeeklyPrior(long binMs, double[] zero, double[] gains) {
        if (binMs <= 0 || WEEK_MS % binMs != 0) {
            throw new IllegalArgumentException("a weekly prior's bin must divide a week, got " + binMs + " ms");
        }
        this.binMs = binMs;
        this.bins = (int) (WEEK_MS / binMs);
        if (gains.length != bins * zero.length) {
            throw new IllegalArgumentException("a weekly prior of " + zero.length + " sensors needs " + bins * zero.length
                    + " gains (" + bins + " per sensor), got " + gains.length);
        }
        for (double g : gains) {
            if (!(g > 0 && Double.isFinite(g))) {
                throw new IllegalArgumentException("a weekly prior's gains must be positive and finite, got " + g);
            }
        }
        for (double z : zero) {
            if (!Double.isFinite(z)) {
                throw new IllegalArgumentException("a weekly prior's zero must be finite, got " + z);
            }
        }
        this.zero = zero.clone();
        this.gains = gains.clone();
    }

    /** Sensor j's gain at ts, interpolated between the centres of its hourly bins (circular over the week). */
    public double gain(int j, long ts) {
        double position = (double) Math.floorMod(ts, WEEK_MS) / binMs - 0.5;
        int below = (int) Math.floor(position);
        double fraction = position - below;
        int from = Math.floorMod(below, bins);
        int to = (from + 1) % bins;
        return gains[j * bins + from] * (1 - fraction) + gains[j * bins + to] * fraction;
    }

    /**
     * Turns the season's values at ts (each sensor's expected deviation from its location, fleet-scaled)
     * into the expected deviation under the weekly gain: zero + G·(location + season − zero) − location.
     */
    public void adjust(long ts, double[] location, double[] seasonNow) {
        for (int j = 0; j < zero.length; j++) {
            double g = gain(j, ts);
            seasonNow[j] += (g - 1) * (location[j] + seasonNow[j] - zero[j]);
        }
    }

    /** Fleet-scaled rows with the weekly gain taken out (as if every reading had been taken at gain 1); NaN stays NaN. */
    public double[][] neutralised(long[] ts, double[][] rows) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i].clone();
            for (int j = 0; j < zero.length; j++) {
                out[i][j] = zero[j] + (rows[i][j] - zero[j]) / gain(j, ts[i]);
            }
        }
        return out;
    }

    /**
     * Learns the prior from a training fleet (each device's fleet-scaled readings in time order):
     * each device's sensor is fitted a one-day season on the present readings among its first
     * {@code warmupEvents} events (as in the job; a sensor missing from half of them is left out), every later reading gives a ratio of its raw value to the season's prediction, a
     * device's bin is the median of its ratios there, and the fleet's gain is the median over the
     * devices. A bin fewer than {@link #MIN_DEVICES} devices saw, or whose gain is within
     * {@link #SIGNIFICANCE} standard errors of 1, is neutral; bins the training data did not cover
     * are interpolated between the nearest covered ones (all 1 when none is), and the gains are
     * smoothed by a running median of {@link #SMOOTHING_BINS} bins. A fleet without a weekly pattern
     * so learns gains of 1.
     *
     * @param zero per sensor, the fleet-scaled value of a raw 0
     */
    public static WeeklyPrior learn(List<long[]> ts, List<double[][]> rows, double[] zero, int warmupEvents, long periodMs,
            int harmonics) {
        int f = zero.length;
        int bins = (int) (WEEK_MS / DEFAULT_BIN_MS);
        // per sensor and bin, each device's median ratio
        List<List<List<Double>>> perDevice = new ArrayList<>();
        for (int j = 0; j < f; j++) {
            List<List<Double>> byBin = new ArrayList<>();
            for (int b = 0; b < bins; b++) {
                byBin.add(new ArrayList<>());
            }
            perDevice.add(byBin);
        }
        for (int d = 0; d < ts.size(); d++) {
            long[] t = ts.get(d);
            double[][] x = rows.get(d);
            if (x.length <= warmupEvents) {
                continue;
            }
            for (int j = 0; j < f; j++) {
                // the sensor's present readings of the warm-up (a reading may be missing now and then)
                int present = 0;
                long[] warmupTs = new long[warmupEvents];
                double[][] warmup = new double[warmupEvents][];
                for (int i = 0; i < warmupEvents; i++) {
                    if (Double.isFinite(x[i][j])) {
                        warmupTs[present] = t[i];
                        warmup[present++] = new double[] {x[i][j]};
                    }
                }
                if (present < warmupEvents / 2) {
                    continue;
                }
                DeviceScaler season = DeviceScaler.fit(Arrays.copyOf(warmupTs, present), Arrays.copyOf(warmup, present),
                        periodMs, harmonics, 0, DeviceSpread.ROBUST);
                double location = season.location()[0];
                double[] seasonNow = new double[1];
                List<List<Double>> ratios = new ArrayList<>();
                for (int b = 0; b < bins; b++) {
                    ratios.add(new ArrayList<>());
                }
                for (int i = 0; i < x.length; i++) {
                    if (!Double.isFinite(x[i][j])) {
                        continue;
                    }
                    season.seasonAt(t[i], seasonNow);
                    double expected = location + seasonNow[0] - zero[j];
                    if (expected > 0) {
                        ratios.get(bin(t[i])).add((x[i][j] - zero[j]) / expected);
                    }
                }
                for (int b = 0; b < bins; b++) {
                    if (!ratios.get(b).isEmpty()) {
                        perDevice.get(j).get(b).add(median(ratios.get(b)));
                    }
                }
            }
        }
        double[] gains = new double[f * bins];
        for (int j = 0; j < f; j++) {
            double[] sensor = new double[bins];
            boolean[] covered = new boolean[bins];
            for (int b = 0; b < bins; b++) {
                List<Double> devices = perDevice.get(j).get(b);
                if (devices.size() < MIN_DEVICES) {
                    continue;
                }
                covered[b] = true;
                double[] values = devices.stream().mapToDouble(Double::doubleValue).toArray();
                double m = RobustStatistics.median(values);
                // standard error of a median: 1.2533 σ/√n, σ from the devices' MAD
                double standardError = 1.2533 * RobustStatistics.robustSpread(values, m) / Math.sqrt(values.length);
                sensor[b] = m > 0 && Math.abs(m - 1) > SIGNIFICANCE * standardError ? m : 1.0;
            }
            fillGaps(sensor, covered);
            System.arraycopy(runningMedian(sensor, SMOOTHING_BINS), 0, gains, j * bins, bins);
        }
        return new WeeklyPrior(DEFAULT_BIN_MS, zero, gains);
    }

    /** Uncovered bins: linear between the nearest covered bins on either side (circular); all 1 when none is covered. */
    private static void fillGaps(double[] sensor, boolean[] covered) {
        int n = sensor.length;
        int first = -1;
        for (int b = 0; b < n && first < 0; b++) {
            first = covered[b] ? b : -1;
        }
        if (first < 0) {
            Arrays.fill(sensor, 1.0);
            return;
        }
        int previous = first;
        for (int step = 1; step <= n; step++) {
            int b = (first + step) % n;
            if (!covered[b]) {
                continue;
            }
            int gap = Math.floorMod(b - previous, n);
            gap = gap == 0 ? n : gap;
            for (int k = 1; k < gap; k++) {
                sensor[(previous + k) % n] = sensor[previous] + (sensor[b] - sensor[previous]) * k / gap;
            }
            previous = b;
        }
    }

    /** Circular running median of {@code width} (odd) bins: an isolated bin that passed the test by chance is dropped, a week-end and its ramps are kept. */
    private static double[] runningMedian(double[] values, int width) {
        int n = values.length;
        double[] out = new double[n];
        double[] around = new double[width];
        for (int b = 0; b < n; b++) {
            for (int k = 0; k < width; k++) {
                around[k] = values[Math.floorMod(b + k - width / 2, n)];
            }
            out[b] = RobustStatistics.median(around);
        }
        return out;
    }

    private static int bin(long ts) {
        return (int) (Math.floorMod(ts, WEEK_MS) / DEFAULT_BIN_MS);
    }

    private static double median(List<Double> values) {
        return RobustStatistics.median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    public long binMs() {
        return binMs;
    }

    public int sensors() {
        return zero.length;
    }

    public double[] zero() {
        return zero.clone();
    }

    public double[] gains() {
        return gains.clone();
    }

    /** Whether every gain is 1 (the prior changes nothing). */
    public boolean isNeutral() {
        return Arrays.stream(gains).allMatch(g -> g == 1.0);
    }
}
