package io.fleetanomaly.detectors.mahalanobis;

import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/** Seeded draws from a multivariate Gaussian N(mean, covariance), for tests. */
final class GaussianSamples {
    /** A correlated 5-D covariance with very different scales per sensor (condition number ≈ 1400). */
    static final double[] MEAN_5D = {75.0, 2.5, 150.0, 1.2, 44.0};
    static final double[][] COVARIANCE_5D = correlated5d();

    private final double[] mean;
    private final double[][] lower;
    private final Random random;

    GaussianSamples(double[] mean, double[][] covariance, long seed) {
        this.mean = mean.clone();
        RealMatrix l = new CholeskyDecomposition(new Array2DRowRealMatrix(covariance)).getL();
        this.lower = l.getData();
        this.random = new Random(seed);
    }

    double[] next() {
        int d = mean.length;
        double[] z = new double[d];
        for (int i = 0; i < d; i++) {
            z[i] = random.nextGaussian();
        }
        double[] x = new double[d];
        for (int i = 0; i < d; i++) {
            double sum = mean[i];
            for (int k = 0; k <= i; k++) {
                sum += lower[i][k] * z[k];
            }
            x[i] = sum;
        }
        return x;
    }

    double[][] rows(int n) {
        double[][] rows = new double[n][];
        for (int r = 0; r < n; r++) {
            rows[r] = next();
        }
        return rows;
    }

    static double[][] identity(int d) {
        double[][] identity = new double[d][d];
        for (int i = 0; i < d; i++) {
            identity[i][i] = 1.0;
        }
        return identity;
    }

    private static double[][] correlated5d() {
        double[][] correlation = {
            {1.0, 0.8, 0.5, 0.3, 0.1},
            {0.8, 1.0, 0.6, 0.4, 0.2},
            {0.5, 0.6, 1.0, 0.5, 0.3},
            {0.3, 0.4, 0.5, 1.0, 0.6},
            {0.1, 0.2, 0.3, 0.6, 1.0},
        };
        double[] sd = {2.0, 0.5, 10.0, 1.0, 3.0};
        double[][] covariance = new double[5][5];
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                covariance[i][j] = correlation[i][j] * sd[i] * sd[j];
            }
        }
        return covariance;
    }
}
