package io.fleetanomaly.detectors.mahalanobis;

import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Erf;

/**
 * Converts a Student-t deviate into the standard normal deviate with the same tail probability:
 * z with P(N(0,1) &gt; z) = P(T(ν) &gt; t), sign kept. A deviation judged against a baseline learned
 * from few effectively independent samples (ν small) is shrunk towards zero, one judged against a
 * well-sampled baseline (ν large) is left nearly as it is.
 *
 * <p>Tail probabilities are floored at {@link #MIN_TAIL}, so the result is at most about 37 in
 * magnitude; beyond that every deviation is equally extreme for scoring purposes.
 */
public final class GaussianEquivalent {
    /** Smallest tail probability told apart (about 37 standard deviations). */
    public static final double MIN_TAIL = 1e-300;
    private static final double SQRT2 = Math.sqrt(2.0);
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2.0 * Math.PI);
    private static final int NEWTON_STEPS = 50;

    private GaussianEquivalent() {}

    /** @param degreesOfFreedom ν &gt; 0; {@code Double.POSITIVE_INFINITY} returns t itself */
    public static double of(double t, double degreesOfFreedom) {
        if (!(degreesOfFreedom > 0)) {
            throw new IllegalArgumentException("degrees of freedom must be > 0, got " + degreesOfFreedom);
        }
        if (Double.isNaN(t) || t == 0.0 || degreesOfFreedom == Double.POSITIVE_INFINITY) {
            return t;
        }
        double magnitude = Math.abs(t);
        // P(T > |t|) = I_x(ν/2, 1/2) / 2 with x = ν / (ν + t²)
        double x = degreesOfFreedom / (degreesOfFreedom + magnitude * magnitude);
        double tail = 0.5 * Beta.regularizedBeta(x, 0.5 * degreesOfFreedom, 0.5);
        return Math.copySign(upperQuantile(Math.max(tail, MIN_TAIL)), t);
    }

    /** z ≥ 0 with P(N(0,1) &gt; z) = p, for p in [MIN_TAIL, 0.5]; Newton's method on ln P(N &gt; z). */
    static double upperQuantile(double p) {
        if (p >= 0.5) {
            return 0.0;
        }
        double logP = Math.log(p);
        double z = Math.sqrt(-2.0 * logP);
        for (int step = 0; step < NEWTON_STEPS; step++) {
            double logTail = logUpperTail(z);
            // d/dz ln P(N > z) = −φ(z) / P(N > z)
            double slope = -Math.exp(-0.5 * z * z - LOG_SQRT_2PI - logTail);
            double next = Math.max(0.0, z - (logTail - logP) / slope);
            if (Math.abs(next - z) < 1e-12 * Math.max(1.0, z)) {
                return next;
            }
            z = next;
        }
        return z;
    }

    private static double logUpperTail(double z) {
        return Math.log(0.5 * Erf.erfc(z / SQRT2));
    }
}
