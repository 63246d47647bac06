package io.fleetanomaly.detectors.mahalanobis;

/**
 * Online mean and co-moment of complete readings (Welford's update), for a device's warm-up. Not
 * itself keyed state: the job keeps it as a {@code io.fleetanomaly.state.MomentsState} through
 * {@code io.fleetanomaly.state.DeviceBaselineMapper}.
 */
public class RunningMoments {
    /** Rows added so far. */
    public long count;
    /** Running mean, length d. */
    public double[] mean;
    /** Σₖ (xₖ−mean)(xₖ−mean)ᵀ, row-major d×d, kept exactly symmetric. */
    public double[] comoment;

    public RunningMoments() {}

    public static RunningMoments create(int dimensions) {
        if (dimensions < 1) {
            throw new IllegalArgumentException("dimensions must be at least 1, got " + dimensions);
        }
        RunningMoments moments = new RunningMoments();
        moments.mean = new double[dimensions];
        moments.comoment = new double[dimensions * dimensions];
        return moments;
    }

    /** Adds one complete reading (every value present and finite). */
    public void add(double[] x) {
        int d = mean.length;
        if (x.length != d) {
            throw new IllegalArgumentException("reading has " + x.length + " values, expected " + d);
        }
        for (int j = 0; j < d; j++) {
            if (!Double.isFinite(x[j])) {
                throw new IllegalArgumentException("reading value " + j + " is " + x[j]);
            }
        }
        count++;
        // C += (x − mean_old)(x − mean_new)ᵀ = ((n−1)/n)·δδᵀ with δ = x − mean_old.
        double weight = (count - 1) / (double) count;
        for (int i = 0; i < d; i++) {
            double deltaI = x[i] - mean[i];
            for (int j = i; j < d; j++) {
                double update = weight * (deltaI * (x[j] - mean[j]));
                comoment[i * d + j] += update;
                if (j != i) {
                    comoment[j * d + i] += update;
                }
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] += (x[j] - mean[j]) / count;
        }
    }

    /** Sample covariance (divisor n−1). */
    public double[][] covariance() {
        if (count < 2) {
            throw new IllegalStateException("a covariance needs at least 2 readings, have " + count);
        }
        int d = mean.length;
        double[][] covariance = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                covariance[i][j] = comoment[i * d + j] / (count - 1);
            }
        }
        return covariance;
    }

    /** The model of the readings so far, with shrinkage intensity λ. */
    public MahalanobisModel toModel(double lambda) {
        return MahalanobisModel.fromMoments(mean, covariance(), lambda, count);
    }
}
