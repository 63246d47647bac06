package io.fleetanomaly.detectors.mahalanobis;

/**
 * How {@link MahalanobisModel#fit} shrinks the sample covariance S towards the scaled identity
 * T = (tr(S)/d)·I: Σ = (1−λ)S + λT, with λ either chosen from the data (Ledoit–Wolf) or fixed.
 */
public final class Shrinkage {
    private static final Shrinkage LEDOIT_WOLF = new Shrinkage(true, Double.NaN);

    private final boolean ledoitWolf;
    private final double fixedIntensity;

    private Shrinkage(boolean ledoitWolf, double fixedIntensity) {
        this.ledoitWolf = ledoitWolf;
        this.fixedIntensity = fixedIntensity;
    }

    /** Intensity estimated from the training rows (Ledoit and Wolf 2004). */
    public static Shrinkage ledoitWolf() {
        return LEDOIT_WOLF;
    }

    /** A fixed intensity λ in [0, 1]; 0 keeps the sample covariance. */
    public static Shrinkage fixed(double lambda) {
        requireIntensity(lambda);
        return new Shrinkage(false, lambda);
    }

    public boolean isLedoitWolf() {
        return ledoitWolf;
    }

    /** The fixed λ; not defined for Ledoit–Wolf. */
    public double fixedIntensity() {
        if (ledoitWolf) {
            throw new IllegalStateException("Ledoit-Wolf shrinkage has no fixed intensity");
        }
        return fixedIntensity;
    }

    static void requireIntensity(double lambda) {
        if (!(lambda >= 0.0 && lambda <= 1.0)) {
            throw new IllegalArgumentException("shrinkage intensity must be in [0, 1], got " + lambda);
        }
    }

    @Override
    public String toString() {
        return ledoitWolf ? "Shrinkage[ledoit-wolf]" : "Shrinkage[fixed " + fixedIntensity + "]";
    }
}
