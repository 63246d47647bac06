package io.fleetanomaly.detectors.mahalanobis;

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
 */
public class DeviceBaseline {
    /** The warm-up is cut into this many batches for the effective sample size. */
    public static final int BATCHES = 8;
    /** Floor on a smoothed sensor's variance, in the units of the (scaled) readings: a constant sensor still inverts. */
    public static final double MIN_VARIANCE = 1e-12;
    /** Fewest degrees of freedom a sensor's Student-t gets. */
    public static final double MIN_DEGREES_OF_FREEDOM = 1.0;

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

    public DeviceBaseline() {}

    /** A baseline that will learn from {@code events} readings of {@code dimensions} sensors. */
    public static DeviceBaseline create(int dimensions, int events) {
        DeviceBaseline b = new DeviceBaseline();
        b.readings = RunningMoments.create(dimensions);
        b.batchMeans = RunningMoments.create(dimensions);
        b.batchSum = new double[dimensions];
        b.batchEvents = batchEventsFor(events);
        return b;
    }

    /** Batch length for a warm-up of {@code events}: {@link #BATCHES} batches, at least 1 event each. */
    public static int batchEventsFor(int events) {
        return Math.max(1, events / BATCHES);
    }

    /** Readings added so far. */
    public long count() {
        return readings.count;
    }

    /**
     * Adds one reading and, once the device has enough readings to smooth over, its smoothed
     * reading (null before).
     */
    public void add(double[] reading, double[] smoothedOrNull) {
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
        double[][] plain = readings.covariance();
        double[][] batch = batchMeans.count >= 2 ? batchMeans.covariance() : null;
        double[] scale = new double[plain.length];
        double[] degreesOfFreedom = new double[plain.length];
        for (int j = 0; j < plain.length; j++) {
            double variance = Math.max(plain[j][j], MIN_VARIANCE);
            if (batch != null) {
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
