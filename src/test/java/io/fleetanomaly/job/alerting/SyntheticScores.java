package io.fleetanomaly.job.alerting;

import java.util.Random;

/**
 * Fused scores of one simulated device: noise with mean 1 and standard deviation 1, shifted and
 * scaled slightly per device (devices differ), like the calibrated score on normal data.
 */
final class SyntheticScores {

    enum Noise {
        /** 1 + N(0, 1). */
        GAUSSIAN,
        /** Exp(1): the shape of −ln(p) for a uniform tail probability p, right-skewed. */
        EXPONENTIAL
    }

    private final Random random;
    private final Noise noise;
    /** The device's mean score. */
    final double mean;
    /** The device's score standard deviation. */
    final double std;

    SyntheticScores(long seed, Noise noise) {
        this.random = new Random(seed);
        this.noise = noise;
        this.mean = 1.0 + 0.4 * (random.nextDouble() - 0.5);
        this.std = 1.0 + 0.4 * (random.nextDouble() - 0.5);
    }

    /** A score of normal behaviour. */
    double normal() {
        return mean + std * (unitNoise() - 1.0);
    }

    /** A score with the mean shifted up by this many of the device's standard deviations. */
    double shifted(double sigmas) {
        return normal() + sigmas * std;
    }

    private double unitNoise() {
        return switch (noise) {
            case GAUSSIAN -> 1.0 + random.nextGaussian();
            case EXPONENTIAL -> -Math.log(1.0 - random.nextDouble());
        };
    }
}
