package io.fleetanomaly.detectors.mahalanobis;

import org.apache.commons.math3.special.Gamma;
import org.apache.commons.math3.util.ContinuedFraction;

/**
 * ln P(χ²(k) > d²) that stays finite far beyond where the survival function underflows
 * (about d² > 1500 for small k). With a = k/2 and x = d²/2 the survival is the regularized upper
 * incomplete gamma Q(a, x) = 1 − P(a, x); for x ≥ a + 1 it is evaluated in log space from the same continued
 * fraction Commons Math uses, ln Q = −x + a·ln x − ln Γ(a) − ln CF(x).
 */
final class ChiSquaredTail {
    private static final double CONTINUED_FRACTION_EPSILON = 1e-15;
    private static final int CONTINUED_FRACTION_MAX_ITERATIONS = 10_000;

    private ChiSquaredTail() {}

    /** Any positive degrees of freedom, also fractional (the scaled χ² of {@link PcaMonitor}). */
    static double logSurvival(double degreesOfFreedom, double d2) {
        if (Double.isNaN(d2)) {
            return Double.NaN;
        }
        if (d2 <= 0.0) {
            return 0.0;
        }
        if (d2 == Double.POSITIVE_INFINITY) {
            return Double.NEGATIVE_INFINITY;
        }
        double a = degreesOfFreedom / 2.0;
        double x = d2 / 2.0;
        if (x < a + 1.0) {
            // Here Q = 1 − P ≥ Q(a, a + 1) > 0.2 cannot underflow, and P comes from a series that
            // stays accurate when P is tiny, where 1 − P would round to 1.
            return Math.log1p(-Gamma.regularizedGammaP(a, x));
        }
        ContinuedFraction fraction = new ContinuedFraction() {
            @Override
            protected double getA(int n, double at) {
                return 2.0 * n + 1.0 - a + at;
            }

            @Override
            protected double getB(int n, double at) {
                return n * (a - n);
            }
        };
        double denominator = fraction.evaluate(x, CONTINUED_FRACTION_EPSILON, CONTINUED_FRACTION_MAX_ITERATIONS);
        return -x + a * Math.log(x) - Gamma.logGamma(a) - Math.log(denominator);
    }
}
