package io.fleetanomaly.detectors.mahalanobis;

/**
 * One of a device's learned baselines for the device mode of the Mahalanobis detector (see
 * {@link DeviceBaseline}): of its readings, or of its smoothed readings. A value x is scored as
 * follows: each sensor's deviation tⱼ = (xⱼ − meanⱼ) / scaleⱼ becomes the normal deviate zⱼ with
 * the same Student-t(νⱼ) tail ({@link GaussianEquivalent}), and d² = zᵀR⁻¹z with R the warm-up's
 * shrunk correlation. On normal data d² is roughly χ²(F).
 *
 * <p>Not itself keyed state: the job keeps it as a {@code io.fleetanomaly.state.DeviceModelState}
 * through {@code io.fleetanomaly.state.DeviceModelMapper}.
 */
public class DeviceModel {
    /** Mean, length F. */
    public double[] mean;
    /** Spread of a new value around the mean, per sensor. */
    public double[] scale;
    /** Student-t degrees of freedom per sensor. */
    public double[] degreesOfFreedom;
    /** Lower Cholesky factor of R, row-major F×F. */
    public double[] lowerCholesky;

    public DeviceModel() {}

    public static DeviceModel of(double[] mean, double[] scale, double[] degreesOfFreedom, double[] lowerCholesky) {
        int d = mean.length;
        if (scale.length != d || degreesOfFreedom.length != d || lowerCholesky.length != d * d) {
            throw new IllegalArgumentException("device model arrays do not match " + d + " sensors");
        }
        DeviceModel model = new DeviceModel();
        model.mean = mean;
        model.scale = scale;
        model.degreesOfFreedom = degreesOfFreedom;
        model.lowerCholesky = lowerCholesky;
        return model;
    }

    /**
     * d² of x, without allocating.
     *
     * @param deviates F values, overwritten with the normal deviates z
     * @param scratch at least F values, overwritten
     * @param contributionsOrNull null, or F values: zⱼ·(R⁻¹z)ⱼ, summing to d²
     */
    public double distanceSquared(double[] x, double[] deviates, double[] scratch, double[] contributionsOrNull) {
        int d = mean.length;
        if (x.length != d || deviates.length != d) {
            throw new IllegalArgumentException("value has " + x.length + " sensors, the device model " + d);
        }
        for (int j = 0; j < d; j++) {
            deviates[j] = GaussianEquivalent.of((x[j] - mean[j]) / scale[j], degreesOfFreedom[j]);
        }
        return MahalanobisModel.distanceSquaredCentered(lowerCholesky, deviates, scratch, contributionsOrNull);
    }
}
