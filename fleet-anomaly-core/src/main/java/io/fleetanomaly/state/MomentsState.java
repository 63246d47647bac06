package io.fleetanomaly.state;

/**
 * Running mean and co-moment of complete readings (the state of a
 * {@link io.fleetanomaly.detectors.mahalanobis.RunningMoments}).
 */
public class MomentsState {
    /** Rows added so far. */
    public long count;
    /** Running mean, length d. */
    public double[] mean;
    /** Σₖ (xₖ−mean)(xₖ−mean)ᵀ, row-major d×d. */
    public double[] comoment;

    public MomentsState() {}
}
