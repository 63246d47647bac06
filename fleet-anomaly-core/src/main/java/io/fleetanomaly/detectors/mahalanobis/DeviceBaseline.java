package io.fleetanomaly.detectors.mahalanobis;

import io.fleetanomaly.features.RobustStatistics;

/**
 * A device's own baseline, learned online from its warm-up (device mode of the Mahalanobis
 * detector). Not itself keyed state: the job keeps it as a
 * {@code io.fleetanomaly.state.DeviceWarmupState} through {@code io.fleetanomaly.state.DeviceBaselineMapper},
 * so a change here must be carried into that state type and its mapper on purpose.
 *
 * <p>The device mode scores both the reading and the <em>smoothed</em> reading (the mean of the
 * device's last few readings: small sustained shifts of noisy sensors show there, spikes and
 * bursts in the reading itself), so it learns the mean, spread and correlation of both. Per-sensor
 * deviations are judged with a Student-t whose degrees of freedom are the warm-up's effective
 * sample size, ν = n·Var(x) / (b·Var(means of b consecutive readings)) − 1: for a sensor whose
 * readings are independent from event to event ν ≈ n and a deviation counts as it is; for a
 * slow, strongly autocorrelated sensor (a temperature that wanders over minutes) the warm-up
 * holds only a handful of independent samples, so it says little about how far the level moves in
 * normal operation, and the same deviation counts for much less. Without this a slow sensor that
 * drifts a little beyond its warm-up range raises an alarm that lasts for as long as it stays there.
 *
 * <p>Robust to a few absurd readings: one reading of 1e300, or of 1e4 on a sensor that reads 75,
 * would otherwise dominate the warm-up's moments for good (NaN scores, or a spread so wide that a
 * real fault no longer stands out). The warm-up screens each reading: the first batch is held back
 * until it is complete and then screened against its per-sensor median and median absolute
 * deviation; after that each reading is screened against the running mean and standard deviation.
 * A reading (or smoothed reading) more than {@link #SCREEN_SIGMAS} robust spreads from the centre on
 * any sensor does not enter the moments (it still counts towards the warm-up's length, so a device
 * is scored after the same number of events). A spread is never taken below
 * {@link #MIN_SCREEN_SCALE}: readings are scaled by the fleet's spread, so the screen only catches
 * readings more than 8 fleet standard deviations off, absurd values rather than the steps a device
 * takes between its operating points. After {@link #batchEvents} rejections the screen stops.
 */
public class DeviceBaseline {
    /** The warm-up is cut into this many batches for the effective sample size. */
    public static final int BATCHES = 8;
    /** Floor on a smoothed sensor's variance, in the units of the (scaled) readings: a constant sensor still inverts. */
    public static final double MIN_VARIANCE = 1e-12;
    /** Fewest degrees of freedom a sensor's Student-t gets. */
    public static final double MIN_DEGREES_OF_FREEDOM = 1.0;
    /** How many robust spreads from the centre a warm-up reading may lie. */
    public static final double SCREEN_SIGMAS = 8.0;
    /** Least spread the screen assumes, in scaled units (the fleet's standard deviation). */
    public static final double MIN_SCREEN_SCALE = 1.0;

    /** Moments of the readings. */
    public RunningMoments readings;
    /** Moments of the smoothed readings; null until the first one (and for good when smoothing is off). */
    public RunningMoments smoothed;
    /** Moments of the batch means of the readings. */
    public RunningMoments batchMeans;
    /** Sum of the current batch's readings. */
    public double[] batchSum;
    /** Readings in the current batch. */
    public int batchCount;
    /** Events per batch. */
    public int batchEvents;
    /** The first batch's readings, row-major, held back until the batch is complete; null after. */
    public double[] firstBatch;
    /** The first batch's smoothed readings, row-major (NaN rows: none yet); null after. */
    public double[] firstBatchSmoothed;
    /** Readings held in {@link #firstBatch}. */
    public int firstBatchCount;
    /** Per sensor, the robust spread of the first batch (1.4826 × its median absolute deviation); null before. */
    public double[] screenScale;
    /** Readings the screen has kept out of the warm-up. */
    public int rejected;

    public DeviceBaseline() {}

    /** A baseline that will learn from {@code events} readings of {@code dimensions} sensors. */
    public static DeviceBaseline create(int dimensions, int events) {
        DeviceBaseline b = new DeviceBaseline();
        b.readings = RunningMoments.create(dimensions);
        b.batchMeans = RunningMoments.create(dimensions);
        b.batchSum = new double[dimensions];
        b.batchEvents = batchEventsFor(events);
        b.firstBatch = new double[b.batchEvents * dimensions];
        b.firstBatchSmoothed = new double[b.batchEvents * dimensions];
        return b;
    }

    /** Batch length for a warm-up of {@code events}: {@link #BATCHES} batches, at least 1 event each. */
    public static int batchEventsFor(int events) {
        return Math.max(1, events / BATCHES);
    }

    /** Readings the warm-up has seen so far (held back in the first batch, in the moments, or screened out). */
    public long count() {
        return readings.count + firstBatchCount + rejected;
    }

    /**
     * Offers one reading and, once the device has enough readings to smooth over, its smoothed
     * reading (null before) to the warm-up, which screens them (see the class comment).
     */
    public void add(double[] reading, double[] smoothedOrNull) {
        int d = reading.length;
        if (screenScale == null) {
            System.arraycopy(reading, 0, firstBatch, firstBatchCount * d, d);
            if (smoothedOrNull != null) {
                System.arraycopy(smoothedOrNull, 0, firstBatchSmoothed, firstBatchCount * d, d);
            } else {
                java.util.Arrays.fill(firstBatchSmoothed, firstBatchCount * d, (firstBatchCount + 1) * d, Double.NaN);
            }
            if (++firstBatchCount == batchEvents) {
                admitFirstBatch(d);
            }
            return;
        }
        if (screening() && outlier(reading, readings.mean, readings)) {
            rejected++;
            return;
        }
        if (smoothedOrNull != null && screening() && outlier(smoothedOrNull, readings.mean, readings)) {
            smoothedOrNull = null; // a smoothed reading that still holds an absurd reading of its window
        }
        accumulate(reading, smoothedOrNull);
    }

    private boolean screening() {
        return rejected < batchEvents;
    }

    /** Screens the held-back first batch against its per-sensor median and median absolute deviation. */
    private void admitFirstBatch(int d) {
        int n = firstBatchCount;
        double[] median = new double[d];
        screenScale = new double[d];
        double[] column = new double[n];
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < n; i++) {
                column[i] = firstBatch[i * d + j];
            }
            median[j] = RobustStatistics.median(column);
            screenScale[j] = RobustStatistics.robustSpread(column, median[j]);
        }
        double[] reading = new double[d];
        double[] smoothedReading = new double[d];
        double[] batch = firstBatch;
        double[] batchSmoothed = firstBatchSmoothed;
        firstBatch = null;
        firstBatchSmoothed = null;
        firstBatchCount = 0;
        for (int i = 0; i < n; i++) {
            System.arraycopy(batch, i * d, reading, 0, d);
            System.arraycopy(batchSmoothed, i * d, smoothedReading, 0, d);
            if (screening() && outlier(reading, median, null)) {
                rejected++;
                continue;
            }
            boolean hasSmoothed = !Double.isNaN(smoothedReading[0]);
            accumulate(reading, hasSmoothed && !(screening() && outlier(smoothedReading, median, null))
                    ? smoothedReading.clone() : null);
        }
    }

    /**
     * Whether any sensor lies more than {@link #SCREEN_SIGMAS} spreads from {@code center}: the spread
     * is the larger of the first batch's robust spread, the running standard deviation (when
     * {@code running} holds 2 readings or more) and {@link #MIN_SCREEN_SCALE}.
     */
    private boolean outlier(double[] x, double[] center, RunningMoments running) {
        int d = x.length;
        for (int j = 0; j < d; j++) {
            double scale = Math.max(screenScale[j], MIN_SCREEN_SCALE);
            if (running != null && running.count >= 2) {
                scale = Math.max(scale, Math.sqrt(running.comoment[j * d + j] / (running.count - 1)));
            }
            if (!(Math.abs(x[j] - center[j]) <= SCREEN_SIGMAS * scale)) {
                return true;
            }
        }
        return false;
    }

    private void accumulate(double[] reading, double[] smoothedOrNull) {
        readings.add(reading);
        if (smoothedOrNull != null) {
            if (smoothed == null) {
                smoothed = RunningMoments.create(reading.length);
            }
            smoothed.add(smoothedOrNull);
        }
        for (int j = 0; j < reading.length; j++) {
            batchSum[j] += reading[j];
        }
        if (++batchCount == batchEvents) {
            double[] mean = new double[reading.length];
            for (int j = 0; j < reading.length; j++) {
                mean[j] = batchSum[j] / batchEvents;
                batchSum[j] = 0.0;
            }
            batchMeans.add(mean);
            batchCount = 0;
        }
    }

    /**
     * The model of the smoothed readings: their mean and spread, each sensor's degrees of freedom
     * from its effective sample size, and their correlation shrunk towards the identity with
     * intensity λ.
     *
     * @throws IllegalStateException fewer than 2 smoothed readings
     */
    public DeviceModel toSmoothedModel(double lambda) {
        if (smoothed == null) {
            throw new IllegalStateException("no smoothed readings were added");
        }
        double[][] s = smoothed.covariance();
        double[] degreesOfFreedom = degreesOfFreedom();
        double[] scale = new double[s.length];
        for (int j = 0; j < s.length; j++) {
            // a new value deviates from the learned mean by its own spread and the mean's error
            scale[j] = Math.sqrt(Math.max(s[j][j], MIN_VARIANCE) * (1.0 + 1.0 / (degreesOfFreedom[j] + 1.0)));
        }
        return model(smoothed, s, lambda, scale, degreesOfFreedom);
    }

    /**
     * The model of the readings themselves (for changes a mean of several readings hides: spikes,
     * bursts): Gaussian (no Student-t), each sensor scaled by its long-run spread
     * √(b·Var(means of b consecutive readings)), never below its plain standard deviation, so a
     * slow sensor is judged by how far its level moves rather than by its event-to-event noise.
     */
    public DeviceModel toReadingModel(double lambda) {
        return toReadingModel(lambda, null);
    }

    /**
     * As {@link #toReadingModel(double)}, or, with {@code plainWidening} (one factor per sensor), each
     * sensor scaled by its plain standard deviation times its factor instead of the long-run spread
     * ({@link ReadingSpread#PLAIN}, {@link ReadingSpread#PREDICTIVE}): for device-scaled readings, where
     * the long-run spread of a slow sensor (two to three times its plain spread at noise
     * autocorrelation 0.9) shrinks a level shift's d² four- to ninefold.
     */
    public DeviceModel toReadingModel(double lambda, double[] plainWidening) {
        double[][] plain = readings.covariance();
        double[][] batch = batchMeans.count >= 2 ? batchMeans.covariance() : null;
        double[] scale = new double[plain.length];
        double[] degreesOfFreedom = new double[plain.length];
        for (int j = 0; j < plain.length; j++) {
            double variance = Math.max(plain[j][j], MIN_VARIANCE);
            if (plainWidening != null) {
                variance *= plainWidening[j] * plainWidening[j];
            } else if (batch != null) {
                variance = Math.max(variance, batchEvents * batch[j][j]);
            }
            scale[j] = Math.sqrt(variance);
            degreesOfFreedom[j] = Double.POSITIVE_INFINITY;
        }
        return model(readings, plain, lambda, scale, degreesOfFreedom);
    }

    /** The model with these scales: the correlation of {@code covariance}, shrunk towards the identity with intensity λ. */
    private static DeviceModel model(RunningMoments moments, double[][] covariance, double lambda, double[] scale,
            double[] degreesOfFreedom) {
        Shrinkage.requireIntensity(lambda);
        int d = covariance.length;
        double[] spread = new double[d];
        for (int j = 0; j < d; j++) {
            spread[j] = Math.sqrt(Math.max(covariance[j][j], 0.0));
        }
        // the co-moments are kept exactly symmetric, so the correlation is too
        double[][] correlation = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                if (i == j) {
                    correlation[i][j] = 1.0;
                } else if (spread[i] > 0 && spread[j] > 0) {
                    double r = Math.max(-1.0, Math.min(1.0, covariance[i][j] / (spread[i] * spread[j])));
                    correlation[i][j] = (1.0 - lambda) * r;
                }
            }
        }
        return DeviceModel.of(moments.mean.clone(), scale, degreesOfFreedom, MahalanobisModel.choleskyLower(correlation));
    }

    /** Per sensor: effective sample size of the readings − 1, at least {@link #MIN_DEGREES_OF_FREEDOM}. */
    private double[] degreesOfFreedom() {
        double[][] plain = readings.covariance();
        double[][] batch = batchMeans.count >= 2 ? batchMeans.covariance() : null;
        double[] degreesOfFreedom = new double[plain.length];
        for (int j = 0; j < plain.length; j++) {
            double effectiveSamples = readings.count;
            if (batch != null && batch[j][j] > 0) {
                effectiveSamples = Math.min(readings.count, readings.count * plain[j][j] / (batchEvents * batch[j][j]));
            }
            degreesOfFreedom[j] = Math.max(MIN_DEGREES_OF_FREEDOM, effectiveSamples - 1.0);
        }
        return degreesOfFreedom;
    }
}
