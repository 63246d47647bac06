package io.fleetanomaly.simulator;

import java.util.SplittableRandom;

/**
 * A pump. A latent, autocorrelated load (AR(1), unit variance) drives the motor power, the flow
 * and, through thermal inertia, the temperature; the pressure follows the flow along the system
 * curve (pressure ∝ flow²); vibration rises slightly with load. Each sensor adds its own noise and a
 * slow bounded drift. Fault magnitudes are in physical units, several times the normal spread.
 */
final class IndustrialDeviceModel implements DeviceModel {
    static final int TEMPERATURE = 0;
    static final int PRESSURE = 1;
    static final int VIBRATION = 2;
    static final int FLOW = 3;
    static final int POWER = 4;

    /** Fleet operating point, feature order. */
    static final double[] NOMINAL = {75.0, 2.5, 1.2, 150.0, 45.0};
    /** Half-width of a device's uniform offset from the fleet operating point. */
    static final double[] DEVICE_OFFSET = {1.5, 0.05, 0.1, 3.0, 1.5};
    /** Sensor noise σ at noiseScale 1. */
    static final double[] NOISE_SIGMA = {0.4, 0.03, 0.08, 1.5, 0.5};
    static final double DRIFT_AMPLITUDE_IN_NOISE_SIGMA = 0.4;
    private static final int[] READING_DECIMALS = {2, 3, 3, 2, 2};

    static final double LOAD_AUTOCORRELATION = 0.9;
    /** Share of the gap between temperature and load closed each step. */
    static final double THERMAL_RESPONSE = 0.3;
    static final double TEMPERATURE_C_PER_LOAD = 1.4;
    static final double POWER_KW_PER_LOAD = 1.5;
    static final double FLOW_L_MIN_PER_LOAD = 4.0;
    static final double VIBRATION_MM_S_PER_LOAD = 0.05;

    // Full fault magnitudes.
    static final double OVERHEATING_TEMPERATURE_C = 11.5;
    static final double OVERHEATING_POWER_KW = 13.0;
    static final double SURGE_PRESSURE_BAR = 1.2;
    static final double SURGE_FLOW_L_MIN = -32.0;
    static final double BLOCKAGE_FLOW_L_MIN = -40.0;
    static final double BLOCKAGE_PRESSURE_BAR = 1.1;
    static final double WEAR_VIBRATION_MM_S = 0.7;
    static final double WEAR_EXTRA_VIBRATION_NOISE_SIGMA = 0.25;
    static final double ERRATIC_POWER_NOISE_SIGMA_KW = 9.0;
    static final double ERRATIC_POWER_EXCURSION_PROBABILITY = 0.15;
    static final double ERRATIC_POWER_EXCURSION_MIN_KW = 12.0;
    static final double ERRATIC_POWER_EXCURSION_MAX_KW = 20.0;

    private final double[] operatingPoint = new double[NOMINAL.length];
    private final double[] noiseSigma = new double[NOMINAL.length];
    private final DriftWave[] drift = new DriftWave[NOMINAL.length];
    private final SplittableRandom noise;
    private final SplittableRandom faultNoise;

    private double load;
    private double thermalLoad;

    IndustrialDeviceModel(SimulatorSettings settings, int deviceIndex) {
        SplittableRandom parameters =
                RandomStreams.stream(settings.seed(), deviceIndex, RandomStreams.DEVICE_PARAMETERS);
        for (int i = 0; i < NOMINAL.length; i++) {
            operatingPoint[i] = NOMINAL[i] + RandomStreams.uniform(parameters, -DEVICE_OFFSET[i], DEVICE_OFFSET[i]);
            noiseSigma[i] = NOISE_SIGMA[i] * settings.noiseScale();
            double driftAmplitude = settings.driftEnabled() ? DRIFT_AMPLITUDE_IN_NOISE_SIGMA * noiseSigma[i] : 0.0;
            drift[i] = new DriftWave(driftAmplitude, parameters);
        }
        load = RandomStreams.gaussian(parameters); // start in the stationary distribution
        thermalLoad = load;
        noise = RandomStreams.stream(settings.seed(), deviceIndex, RandomStreams.DEVICE_NOISE);
        faultNoise = RandomStreams.stream(settings.seed(), deviceIndex, RandomStreams.DEVICE_FAULTS);
    }

    @Override
    public double[] readings(int step, FaultEpisode fault) {
        load = LOAD_AUTOCORRELATION * load
                + Math.sqrt(1 - LOAD_AUTOCORRELATION * LOAD_AUTOCORRELATION) * RandomStreams.gaussian(noise);
        thermalLoad += THERMAL_RESPONSE * (load - thermalLoad);

        double designFlow = operatingPoint[FLOW];
        double flow = designFlow + FLOW_L_MIN_PER_LOAD * load;
        double relativeFlow = flow / designFlow;

        double[] values = new double[NOMINAL.length];
        values[TEMPERATURE] = operatingPoint[TEMPERATURE] + TEMPERATURE_C_PER_LOAD * thermalLoad;
        values[PRESSURE] = operatingPoint[PRESSURE] * relativeFlow * relativeFlow;
        values[VIBRATION] = operatingPoint[VIBRATION] + VIBRATION_MM_S_PER_LOAD * load;
        values[FLOW] = flow;
        values[POWER] = operatingPoint[POWER] + POWER_KW_PER_LOAD * load;
        for (int i = 0; i < values.length; i++) {
            values[i] += drift[i].at(step) + noiseSigma[i] * RandomStreams.gaussian(noise);
        }
        if (fault != null) {
            applyFault(values, fault.type(), fault.magnitudeAt(step));
        }
        return values;
    }

    @Override
    public int[] readingDecimals() {
        return READING_DECIMALS.clone();
    }

    private void applyFault(double[] values, String type, double magnitude) {
        switch (type) {
            case AnomalyTypes.OVERHEATING -> {
                values[TEMPERATURE] += magnitude * OVERHEATING_TEMPERATURE_C;
                values[POWER] += magnitude * OVERHEATING_POWER_KW;
            }
            case AnomalyTypes.PRESSURE_SURGE -> {
                values[PRESSURE] += magnitude * SURGE_PRESSURE_BAR;
                values[FLOW] += magnitude * SURGE_FLOW_L_MIN;
            }
            case AnomalyTypes.EXCESSIVE_VIBRATION -> {
                // Wear accelerates: the ramp is convex.
                double wear = magnitude * magnitude;
                values[VIBRATION] += wear * WEAR_VIBRATION_MM_S
                        + wear * WEAR_EXTRA_VIBRATION_NOISE_SIGMA * RandomStreams.gaussian(faultNoise);
            }
            case AnomalyTypes.FLOW_BLOCKAGE -> {
                values[FLOW] += magnitude * BLOCKAGE_FLOW_L_MIN;
                values[PRESSURE] += magnitude * BLOCKAGE_PRESSURE_BAR;
            }
            case AnomalyTypes.POWER_ANOMALY -> {
                double erratic = ERRATIC_POWER_NOISE_SIGMA_KW * RandomStreams.gaussian(faultNoise);
                if (faultNoise.nextDouble() < ERRATIC_POWER_EXCURSION_PROBABILITY) {
                    erratic += RandomStreams.randomSign(faultNoise)
                            * RandomStreams.uniform(
                                    faultNoise, ERRATIC_POWER_EXCURSION_MIN_KW, ERRATIC_POWER_EXCURSION_MAX_KW);
                }
                values[POWER] += magnitude * erratic;
            }
            default -> throw new IllegalArgumentException("not an industrial anomaly type: " + type);
        }
    }
}
