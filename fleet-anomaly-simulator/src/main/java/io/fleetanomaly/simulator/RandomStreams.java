package io.fleetanomaly.simulator;

import java.util.SplittableRandom;

/**
 * Independent, reproducible random streams derived from the fleet seed, and the Gaussian draw the
 * simulator uses (Box–Muller, so the numbers do not depend on the JDK's Gaussian implementation).
 */
final class RandomStreams {
    /** Per-device constants: operating point, phases, drift. */
    static final long DEVICE_PARAMETERS = 1;
    /** Per-step process and sensor noise; the same draws with or without faults. */
    static final long DEVICE_NOISE = 2;
    /** Randomness that only faults use, so injecting a fault never shifts the normal noise. */
    static final long DEVICE_FAULTS = 3;
    /** Fleet-wide: which devices fail, when and how. */
    static final long FAULT_PLAN = 4;
    /** Fleet-wide constants shared by all devices (telemetry channel shapes). */
    static final long FLEET_PARAMETERS = 5;
    /** Per-reading missing-value draws. */
    static final long DEVICE_MISSING = 6;

    /** Index used for fleet-wide streams. */
    static final int FLEET = -1;

    private RandomStreams() {}

    static SplittableRandom stream(long seed, int deviceIndex, long purpose) {
        return new SplittableRandom(mix64(mix64(mix64(seed) + deviceIndex) + purpose));
    }

    static double gaussian(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble(); // (0, 1], so the log is finite
        double u2 = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    static double uniform(SplittableRandom random, double from, double to) {
        return from + (to - from) * random.nextDouble();
    }

    static double randomSign(SplittableRandom random) {
        return random.nextBoolean() ? 1.0 : -1.0;
    }

    /** SplitMix64 finalizer: nearby inputs give unrelated outputs. */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
