package io.fleetanomaly.simulator;

import java.util.SplittableRandom;

/** A slow sinusoid: bounded drift that moves a small fraction of its amplitude per step. */
final class DriftWave {
    private static final double MIN_PERIOD_STEPS = 600;
    private static final double MAX_PERIOD_STEPS = 1500;

    private final double amplitude;
    private final double angularFrequency;
    private final double phase;

    DriftWave(double amplitude, SplittableRandom random) {
        this.amplitude = amplitude;
        this.angularFrequency = 2 * Math.PI / RandomStreams.uniform(random, MIN_PERIOD_STEPS, MAX_PERIOD_STEPS);
        this.phase = RandomStreams.uniform(random, 0, 2 * Math.PI);
    }

    double at(int step) {
        return amplitude * Math.sin(angularFrequency * step + phase);
    }
}
