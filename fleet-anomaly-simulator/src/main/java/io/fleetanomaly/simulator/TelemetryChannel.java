package io.fleetanomaly.simulator;

import java.util.SplittableRandom;

/** The noiseless waveform of one telemetry channel: a baseline plus two or three sinusoids. */
final class TelemetryChannel {
    private final double baseline;
    private final double[] amplitudes;
    private final double[] angularFrequencies;
    private final double[] phases;

    private TelemetryChannel(double baseline, double[] amplitudes, double[] angularFrequencies, double[] phases) {
        this.baseline = baseline;
        this.amplitudes = amplitudes;
        this.angularFrequencies = angularFrequencies;
        this.phases = phases;
    }

    /**
     * Shape from the fleet stream (periods, amplitudes, baseline), phases and small amplitude and
     * baseline offsets from the device's. The first component is the dominant, fast cycle (period
     * 20–60 steps); one or two slower, weaker ones (60–200 steps) modulate it.
     */
    static TelemetryChannel random(SplittableRandom fleet, SplittableRandom device) {
        int components = 2 + fleet.nextInt(2);
        double[] amplitudes = new double[components];
        double[] angularFrequencies = new double[components];
        double[] phases = new double[components];
        for (int k = 0; k < components; k++) {
            boolean dominant = k == 0;
            double period = dominant ? RandomStreams.uniform(fleet, 20, 60) : RandomStreams.uniform(fleet, 60, 200);
            double amplitude = dominant ? RandomStreams.uniform(fleet, 0.6, 1.0) : RandomStreams.uniform(fleet, 0.15, 0.4);
            angularFrequencies[k] = 2 * Math.PI / period;
            amplitudes[k] = amplitude * RandomStreams.uniform(device, 0.9, 1.1);
            phases[k] = RandomStreams.uniform(device, 0, 2 * Math.PI);
        }
        double baseline = RandomStreams.uniform(fleet, -0.5, 0.5) + RandomStreams.uniform(device, -0.1, 0.1);
        return new TelemetryChannel(baseline, amplitudes, angularFrequencies, phases);
    }

    /**
     * The waveform at a step. A phase shift of π on every component is half a period of each one:
     * the oscillation mirrored around the baseline, same magnitude, wrong phase.
     */
    double signal(int step, double phaseShift) {
        double value = baseline;
        for (int k = 0; k < amplitudes.length; k++) {
            value += amplitudes[k] * Math.sin(angularFrequencies[k] * step + phases[k] + phaseShift);
        }
        return value;
    }

    /** Long-run variance of the waveform around its baseline. */
    double variance() {
        double variance = 0;
        for (double amplitude : amplitudes) {
            variance += amplitude * amplitude / 2;
        }
        return variance;
    }
}
