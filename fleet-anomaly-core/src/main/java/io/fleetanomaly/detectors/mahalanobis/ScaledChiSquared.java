package io.fleetanomaly.detectors.mahalanobis;

import java.io.Serializable;

/**
 * g·χ²(h) matched to a statistic's {mean, variance} on normal data (g = v / 2m, h = 2m² / v), and
 * the surprise of a value under it.
 */
final class ScaledChiSquared implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double mean;
    private final double variance;
    private final double scale;
    private final double shape;

    private ScaledChiSquared(double mean, double variance) {
        this.mean = mean;
        this.variance = variance;
        this.scale = variance / (2.0 * mean);
        this.shape = 2.0 * mean * mean / variance;
    }

    /** @param what the statistic, as the error message names it */
    static ScaledChiSquared fit(String what, double[] moments) {
        double m = moments[0];
        double v = moments[1];
        if (!(m > 0) || !(v > 0) || !Double.isFinite(m) || !Double.isFinite(v)) {
            throw new IllegalArgumentException("moments of " + what + " must be finite and > 0, got mean " + m
                    + ", variance " + v);
        }
        return new ScaledChiSquared(m, v);
    }

    /** {mean, variance} as fitted. */
    double[] moments() {
        return new double[] {mean, variance};
    }

    /**
     * −ln P(g·χ²(h) &gt; value): about Exp(1) on normal data, finite far in the tail (a scaled χ² is a
     * Gamma(h/2, 2g), whose log survival Commons Math gives through the regularized Gamma function).
     */
    double surprise(double value) {
        if (!(value > 0)) {
            return 0.0;
        }
        return Math.max(0.0, -ChiSquaredTail.logSurvival(shape, value / scale));
    }
}
