package io.fleetanomaly.state;

/**
 * One fitted device model of the Mahalanobis device mode (the state of a
 * {@link io.fleetanomaly.detectors.mahalanobis.DeviceModel}): per-sensor mean, scale and Student-t
 * degrees of freedom, and the Cholesky factor of the shrunk correlation.
 */
public class DeviceModelState {
    /** Mean, length F. */
    public double[] mean;
    /** Spread of a new value around the mean, per sensor. */
    public double[] scale;
    /** Student-t degrees of freedom per sensor (+∞: Gaussian). */
    public double[] degreesOfFreedom;
    /** Lower Cholesky factor of the correlation, row-major F×F. */
    public double[] lowerCholesky;

    public DeviceModelState() {}
}
