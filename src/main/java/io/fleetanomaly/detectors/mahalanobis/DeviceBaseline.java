package io.fleetanomaly.detectors.mahalanobis;

/**
 * A device's own Gaussian baseline, learned online from its warm-up (device mode of the
 * Mahalanobis detector). A Flink POJO for keyed state: public no-argument constructor, public fields.
 *
 * <p>The model keeps the warm-up's correlation structure (shrunk towards the identity, so it is
 * well conditioned whatever the sensors' units) but scales each sensor by its <em>long-run</em>
 * standard deviation rather than its event-to-event one: √(b·Var(means of b consecutive events)),
 * never below the plain standard deviation. For a sensor whose readings are independent from event
 * to event the two agree; for a slow, strongly autocorrelated sensor (a temperature that wanders
 * over minutes) the plain standard deviation of a short warm-up badly understates how far its
 * level moves in normal operation, and a model built on it alarms on every slow drift. The
 * long-run variance is the standard correction for autocorrelation (batch means, as in the
 * variance of a time-series mean).
 */
public class DeviceBaseline {
    /** Largest batch of consecutive events whose mean is one sample of the sensor's level. */
    public static final int MAX_BATCH_EVENTS = 10;
    /** Batches needed for the long-run variance; fewer and the batch shrinks (down to 1 event). */
    public static final int MIN_BATCHES = 8;
    /** Floor on a sensor's variance, in the units of the (scaled) readings: a constant sensor still inverts. */
    public static final double MIN_VARIANCE = 1e-6;

    /** Moments of the readings. */
    public RunningMoments readings;
    /** Moments of the batch means. */
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

    /** Batch length for a warm-up of {@code events}: at most {@link #MAX_BATCH_EVENTS}, at least {@link #MIN_BATCHES} batches. */
    public static int batchEventsFor(int events) {
        return Math.max(1, Math.min(MAX_BATCH_EVENTS, events / MIN_BATCHES));
    }

    public long count() {
        return readings.count;
    }

    public void add(double[] x) {
        readings.add(x);
        for (int j = 0; j < x.length; j++) {
            batchSum[j] += x[j];
        }
        if (++batchCount == batchEvents) {
            double[] mean = new double[x.length];
            for (int j = 0; j < x.length; j++) {
                mean[j] = batchSum[j] / batchEvents;
                batchSum[j] = 0.0;
            }
            batchMeans.add(mean);
            batchCount = 0;
        }
    }

    /**
     * The model: mean of the readings; covariance D·R·D with R the readings' correlation shrunk
     * towards the identity with intensity λ and D the long-run standard deviations.
     */
    public MahalanobisModel toModel(double lambda) {
        Shrinkage.requireIntensity(lambda);
        double[][] s = readings.covariance();
        int d = s.length;
        double[][] batch = batchMeans.count >= 2 ? batchMeans.covariance() : null;
        double[] scale = new double[d];
        double[] plain = new double[d];
        for (int j = 0; j < d; j++) {
            plain[j] = Math.sqrt(Math.max(s[j][j], 0.0));
            double variance = Math.max(s[j][j], MIN_VARIANCE);
            if (batch != null) {
                variance = Math.max(variance, batchEvents * batch[j][j]);
            }
            scale[j] = Math.sqrt(variance);
        }
        double[][] covariance = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double correlation;
                if (i == j) {
                    correlation = 1.0;
                } else if (plain[i] > 0 && plain[j] > 0) {
                    correlation = (1.0 - lambda) * Math.max(-1.0, Math.min(1.0, s[i][j] / (plain[i] * plain[j])));
                } else {
                    correlation = 0.0;
                }
                covariance[i][j] = scale[i] * correlation * scale[j];
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) {
                double symmetric = 0.5 * (covariance[i][j] + covariance[j][i]);
                covariance[i][j] = symmetric;
                covariance[j][i] = symmetric;
            }
        }
        return MahalanobisModel.fromMoments(readings.mean, covariance, 0.0, readings.count);
    }
}
