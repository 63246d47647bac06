package io.fleetanomaly.detectors.mahalanobis;

/**
 * A device's learned baseline for the device mode of the Mahalanobis detector (see
 * {@link DeviceBaseline}). A smoothed reading x is scored as follows: each sensor's deviation
 * tⱼ = (xⱼ − meanⱼ) / scaleⱼ becomes the normal deviate zⱼ with the same Student-t(νⱼ) tail
 * ({@link GaussianEquivalent}), and d² = zᵀR⁻¹z with R the warm-up's shrunk correlation. On
 * normal data d² is roughly χ²(F).
 *
 * @param mean mean of the smoothed readings, length F
 * @param scale spread of a new smoothed reading around the mean, per sensor
 * @param degreesOfFreedom Student-t degrees of freedom per sensor
 * @param lowerCholesky lower Cholesky factor of R, row-major F×F
 */
public record DeviceModel(double[] mean, double[] scale, double[] degreesOfFreedom, double[] lowerCholesky) {

    public DeviceModel {
        int d = mean.length;
        if (scale.length != d || degreesOfFreedom.length != d || lowerCholesky.length != d * d) {
            throw new IllegalArgumentException("device model arrays do not match " + d + " sensors");
        }
    }

    /**
     * d² of a smoothed reading from plain arrays (the form kept in keyed state), without allocating.
     *
     * @param deviates F values, overwritten with the normal deviates z
     * @param scratch at least F values, overwritten
     * @param contributionsOrNull null, or F values: zⱼ·(R⁻¹z)ⱼ, summing to d²
     */
    public static double distanceSquared(double[] mean, double[] scale, double[] degreesOfFreedom, double[] lowerCholesky,
            double[] x, double[] deviates, double[] scratch, double[] contributionsOrNull) {
        int d = mean.length;
        if (x.length != d || deviates.length != d) {
            throw new IllegalArgumentException("reading has " + x.length + " values, the device model " + d);
        }
        for (int j = 0; j < d; j++) {
            deviates[j] = GaussianEquivalent.of((x[j] - mean[j]) / scale[j], degreesOfFreedom[j]);
        }
        return MahalanobisModel.distanceSquaredCentered(lowerCholesky, deviates, scratch, contributionsOrNull);
    }
}
