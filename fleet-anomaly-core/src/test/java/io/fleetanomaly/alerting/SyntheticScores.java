package io.fleetanomaly.alerting;

import java.util.Random;

/**
 * Fused scores of one simulated device: noise with mean 1 and standard deviation 1, shifted and
 * scaled slightly per device (devices differ), like the calibrated score on normal data.
 */
public final class SyntheticScores {

    public enum Noise {
        /** 1 + N(0, 1). */
        GAUSSIAN,
        /** Exp(1): the shape of −ln(p) for a uniform tail probability p, right-skewed. */
        EXPONENTIAL
    }

    private final Random random;
    private final Noise noise;
    /** The device's mean score. */
    public final double mean;
    /** The device's score standard deviation. */
    public final double std;

    public SyntheticScores(long seed, Noise noise) {
        this.random = new Random(seed);
        this.noise = noise;
        this.mean = 1.0 + 0.4 * (random.nextDouble() - 0.5);
        this.std = 1.0 + 0.4 * (random.nextDouble() - 0.5);
    }

    /** A score of normal behaviour. */
    public double normal() {
        return mean + std * (unitNoise() - 1.0);
    }

    /** A score with the mean shifted up by this many of the device's standard deviations. */
    public double shifted(double sigmas) {
        return normal() + sigmas * std;
    }

    private double unitNoise() {
        return switch (noise) {
            case GAUSSIAN -> 1.0 + random.nextGaussian();
            case EXPONENTIAL -> -Math.log(1.0 - random.nextDouble());
        };
    }
}
