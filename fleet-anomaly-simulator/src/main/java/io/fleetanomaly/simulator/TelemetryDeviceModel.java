package io.fleetanomaly.simulator;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A node with eight periodic channels. Each channel is a baseline plus two or three sinusoids with
 * periods of 20–200 steps; the profile fixes each channel's periods, amplitudes and noise level,
 * and each device has its own phases and small offsets. Noise is a shared component plus each
 * channel's own; one slow drift is shared by all channels.
 */
final class TelemetryDeviceModel implements DeviceModel {
    static final double SPIKE_MIN_CHANNEL_STD = 6.0;
    static final double SPIKE_MAX_CHANNEL_STD = 9.0;
    static final double COLLECTIVE_SHIFT_CHANNEL_STD = 2.0;
    static final double VARIANCE_BURST_MIN_FACTOR = 4.0;
    static final double VARIANCE_BURST_MAX_FACTOR = 6.0;
    static final double DRIFT_AMPLITUDE_IN_NOISE_SIGMA = 0.5;
    private static final int READING_DECIMALS = 4;

    private final List<String> featureNames;
    private final TelemetryChannel[] channels;
    private final double[] sharedNoiseLoading;
    private final double[] noiseSigma;
    private final double[] driftLoading;
    private final DriftWave sharedDrift;
    private final SplittableRandom noise;
    private final SplittableRandom faultNoise;

    /** Seed of the telemetry machine type: channel periods, amplitudes, baselines and noise levels. */
    static final long PROFILE_SEED = 0x7E1E_3E7_2BL;

    private FaultEpisode currentEpisode;
    private double collectiveDirection;
    private double varianceBurstFactor;

    TelemetryDeviceModel(SimulatorSettings settings, int deviceIndex) {
        featureNames = settings.profile().featureNames();
        int channelCount = featureNames.size();
        // The kind of machine is fixed for the profile; only the devices (phases, offsets, noise) vary with
        // the seed, so a model trained on one simulated fleet applies to fleets of other seeds.
        SplittableRandom fleet = RandomStreams.stream(PROFILE_SEED, RandomStreams.FLEET, RandomStreams.FLEET_PARAMETERS);
        SplittableRandom device = RandomStreams.stream(settings.seed(), deviceIndex, RandomStreams.DEVICE_PARAMETERS);
        channels = new TelemetryChannel[channelCount];
        sharedNoiseLoading = new double[channelCount];
        noiseSigma = new double[channelCount];
        driftLoading = new double[channelCount];
        for (int c = 0; c < channelCount; c++) {
            channels[c] = TelemetryChannel.random(fleet, device);
            noiseSigma[c] = RandomStreams.uniform(fleet, 0.08, 0.15) * settings.noiseScale();
            sharedNoiseLoading[c] = RandomStreams.uniform(fleet, 0.4, 0.8);
            driftLoading[c] = RandomStreams.uniform(fleet, 0.5, 1.0);
        }
        double driftAmplitude = settings.driftEnabled() ? DRIFT_AMPLITUDE_IN_NOISE_SIGMA : 0.0;
        sharedDrift = new DriftWave(driftAmplitude, device);
        noise = RandomStreams.stream(settings.seed(), deviceIndex, RandomStreams.DEVICE_NOISE);
        faultNoise = RandomStreams.stream(settings.seed(), deviceIndex, RandomStreams.DEVICE_FAULTS);
    }

    @Override
    public double[] readings(int step, FaultEpisode fault) {
        if (fault != null && fault != currentEpisode) {
            startEpisode(fault);
        }
        double magnitude = fault == null ? 0.0 : fault.magnitudeAt(step);
        String type = fault == null ? null : fault.type();

        double shared = RandomStreams.gaussian(noise);
        double drift = sharedDrift.at(step);
        double[] values = new double[channels.length];
        for (int c = 0; c < channels.length; c++) {
            boolean affected = fault != null && fault.affectedSensors().contains(featureNames.get(c));
            double ownNoise = RandomStreams.gaussian(noise);

            double phaseShift = affected && AnomalyTypes.CONTEXTUAL.equals(type) ? Math.PI * magnitude : 0.0;
            double noiseFactor = affected && AnomalyTypes.VARIANCE_BURST.equals(type)
                    ? 1 + (varianceBurstFactor - 1) * magnitude
                    : 1.0;
            double loading = sharedNoiseLoading[c];
            double channelNoise = noiseSigma[c] * (loading * shared + Math.sqrt(1 - loading * loading) * ownNoise);

            values[c] = channels[c].signal(step, phaseShift)
                    + noiseFactor * channelNoise
                    + driftLoading[c] * noiseSigma[c] * drift;
            if (affected && AnomalyTypes.COLLECTIVE.equals(type)) {
                values[c] += collectiveDirection * magnitude * COLLECTIVE_SHIFT_CHANNEL_STD * normalStd(c);
            }
            if (affected && AnomalyTypes.SPIKE.equals(type)) {
                values[c] += RandomStreams.randomSign(faultNoise)
                        * RandomStreams.uniform(faultNoise, SPIKE_MIN_CHANNEL_STD, SPIKE_MAX_CHANNEL_STD)
                        * normalStd(c);
            }
        }
        return values;
    }

    @Override
    public int[] readingDecimals() {
        int[] decimals = new int[channels.length];
        Arrays.fill(decimals, READING_DECIMALS);
        return decimals;
    }

    private void startEpisode(FaultEpisode fault) {
        currentEpisode = fault;
        collectiveDirection = RandomStreams.randomSign(faultNoise);
        varianceBurstFactor =
                RandomStreams.uniform(faultNoise, VARIANCE_BURST_MIN_FACTOR, VARIANCE_BURST_MAX_FACTOR);
    }

    /** Standard deviation of the channel's normal readings: the waveform's plus the noise's. */
    private double normalStd(int channel) {
        return Math.sqrt(channels[channel].variance() + noiseSigma[channel] * noiseSigma[channel]);
    }
}
