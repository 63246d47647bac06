package io.fleetanomaly.detectors.mahalanobis;

/**
 * The Ledoit–Wolf (2004) shrinkage intensity towards T = (tr(S)/d)·I, as in scikit-learn's
 * {@code ledoit_wolf_shrinkage}: λ = min(b², δ²) / δ² with δ² = ‖S − T‖²/d and
 * b² = Σₖ ‖xₖxₖᵀ − S‖² / (d·n²), where xₖ are the centred rows and S = Σₖ xₖxₖᵀ / n.
 */
final class LedoitWolf {
    private LedoitWolf() {}

    /**
     * @param rows training rows (n × d)
     * @param mean their column means
     * @param mleCovariance Σₖ (xₖ−μ)(xₖ−μ)ᵀ / n
     */
    static double intensity(double[][] rows, double[] mean, double[][] mleCovariance) {
        int n = rows.length;
        int d = mean.length;
        double target = Covariances.trace(mleCovariance) / d;

        double distanceToTarget = 0.0;
        double squaredNorm = 0.0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double s = mleCovariance[i][j];
                double offTarget = i == j ? s - target : s;
                distanceToTarget += offTarget * offTarget;
                squaredNorm += s * s;
            }
        }
        double delta = distanceToTarget / d;
        if (!(delta > 0.0)) {
            return 0.0;
        }

        // Σₖ ‖xₖxₖᵀ − S‖² = Σₖ ‖xₖ‖⁴ − n‖S‖², which needs only O(n·d) work.
        double sumOfFourthPowers = 0.0;
        for (double[] row : rows) {
            double squaredLength = 0.0;
            for (int j = 0; j < d; j++) {
                double centred = row[j] - mean[j];
                squaredLength += centred * centred;
            }
            sumOfFourthPowers += squaredLength * squaredLength;
        }
        double beta = (sumOfFourthPowers / n - squaredNorm) / ((double) d * n);
        beta = Math.max(0.0, Math.min(beta, delta));
        return beta / delta;
    }
}
