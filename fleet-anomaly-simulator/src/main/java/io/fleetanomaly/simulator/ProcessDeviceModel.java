package io.fleetanomaly.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A process plant (a reactor, a distillation unit) seen through {@link #VARIABLES} measured
 * variables driven by {@link #STATES} latent process states: a linear dynamic model,
 * {@code z(t) = A z(t-1) + w(t)} (each state autocorrelated, each driving the next a little) and
 * {@code x(t) = operating point + scale · (C z(t) + e(t))}. The plant type (A, C, the variables'
 * nominal levels, scales and noise) is fixed for the profile; each plant has its own operating point,
 * a fraction of a variable's spread away from the nominal one. Because few states drive many
 * variables the readings are strongly correlated: most of their variance lies in a few directions.
 *
 * <p>Faults last long (half an hour to two hours at the profile's ten seconds) and are of four kinds:
 * a step in a process state, a slow drift of one to three sensors, more random variation of a state,
 * and a sensor stuck at its last value.
 */
final class ProcessDeviceModel implements DeviceModel {
    static final int VARIABLES = 40;
    static final int STATES = 6;
    /** Seed of the plant type: dynamics, loadings, nominal levels, scales and noise. */
    static final long PROFILE_SEED = 0x9_0C_E55L;

    static final double STATE_AUTOCORRELATION_MIN = 0.90;
    static final double STATE_AUTOCORRELATION_MAX = 0.98;
    /** States each variable depends on (the others' loadings are exactly zero). */
    static final int STATES_PER_VARIABLE = 2;
    static final double NOMINAL_MIN = 5.0;
    static final double NOMINAL_MAX = 200.0;
    /** A variable's spread as a share of its nominal level. */
    static final double RELATIVE_SCALE_MIN = 0.01;
    static final double RELATIVE_SCALE_MAX = 0.05;
    /** Measurement noise relative to the variable's process-driven spread. */
    static final double NOISE_MIN = 0.2;
    static final double NOISE_MAX = 0.45;
    /** Half-width of a plant's operating-point offset, in units of the variable's scale. */
    static final double DEVICE_OFFSET_SCALES = 0.3;
    private static final int READING_DECIMALS = 3;

    // Fault magnitudes.
    static final double STEP_MIN_STATE_SIGMA = 2.5;
    static final double STEP_MAX_STATE_SIGMA = 4.0;
    static final double DRIFT_MIN_NOISE_SIGMA = 8.0;
    static final double DRIFT_MAX_NOISE_SIGMA = 12.0;
    static final double RANDOM_VARIATION_MIN_FACTOR = 3.0;
    static final double RANDOM_VARIATION_MAX_FACTOR = 5.0;

    private static final PlantType PLANT = PlantType.draw();

    private final double[] operatingPoint = new double[VARIABLES];
    private final double[] state = new double[STATES];
    private final double[] last = new double[VARIABLES];
    private final double noiseScale;
    private final SplittableRandom noise;
    private final SplittableRandom faultNoise;

    private FaultEpisode currentEpisode;
    private int faultState;
    private double faultSign;
    private double faultSize;
    private final boolean[] faultVariables = new boolean[VARIABLES];
    private double[] stuckValues;
    private double extraVariation;

    ProcessDeviceModel(SimulatorSettings settings, int deviceIndex) {
        SplittableRandom parameters =
                RandomStreams.stream(settings.seed(), deviceIndex, RandomStreams.DEVICE_PARAMETERS);
        for (int j = 0; j < VARIABLES; j++) {
            operatingPoint[j] = PLANT.nominal[j]
                    + PLANT.scale[j] * RandomStreams.uniform(parameters, -DEVICE_OFFSET_SCALES, DEVICE_OFFSET_SCALES);
        }
        for (int k = 0; k < STATES; k++) {
            state[k] = RandomStreams.gaussian(parameters); // start near the stationary distribution
        }
        noiseScale = settings.noiseScale();
        noise = RandomStreams.stream(settings.seed(), deviceIndex, RandomStreams.DEVICE_NOISE);
        faultNoise = RandomStreams.stream(settings.seed(), deviceIndex, RandomStreams.DEVICE_FAULTS);
    }

    @Override
    public double[] readings(int step, FaultEpisode fault) {
        if (fault != null && fault != currentEpisode) {
            startEpisode(fault);
        }
        String type = fault == null ? null : fault.type();
        double magnitude = fault == null ? 0.0 : fault.magnitudeAt(step);

        for (int k = 0; k < STATES; k++) {
            double phi = PLANT.autocorrelation[k];
            double innovation = Math.sqrt(1 - phi * phi) * RandomStreams.gaussian(noise);
            state[k] = phi * state[k] + innovation;
            if (k == faultState && AnomalyTypes.RANDOM_VARIATION.equals(type)) {
                // the extra variation has its own state, so the normal states (and the twin) are untouched
                extraVariation = phi * extraVariation + (faultSize - 1) * magnitude * innovation;
            }
        }
        double[] values = new double[VARIABLES];
        for (int j = 0; j < VARIABLES; j++) {
            double process = 0.0;
            for (int k = 0; k < STATES; k++) {
                double z = state[k];
                if (k == faultState && AnomalyTypes.STEP.equals(type)) {
                    z += faultSign * faultSize * magnitude;
                }
                if (k == faultState && AnomalyTypes.RANDOM_VARIATION.equals(type)) {
                    z += extraVariation;
                }
                process += PLANT.loadings[j][k] * z;
            }
            double measurement = noiseScale * PLANT.noise[j] * RandomStreams.gaussian(noise);
            double value = operatingPoint[j] + PLANT.scale[j] * (process + measurement);
            if (faultVariables[j] && AnomalyTypes.DRIFT.equals(type)) {
                value += faultSign * magnitude * faultSize * PLANT.noise[j] * PLANT.scale[j];
            }
            if (faultVariables[j] && AnomalyTypes.STUCK_SENSOR.equals(type)) {
                value = stuckValues[j];
            }
            values[j] = value;
        }
        System.arraycopy(values, 0, last, 0, VARIABLES);
        return values;
    }

    @Override
    public int[] readingDecimals() {
        int[] decimals = new int[VARIABLES];
        java.util.Arrays.fill(decimals, READING_DECIMALS);
        return decimals;
    }

    /** The variables a state drives (a step or more random variation of it moves exactly these). */
    static List<String> variablesDrivenBy(int stateIndex) {
        List<String> names = SimulatorProfile.PROCESS.featureNames();
        List<String> driven = new ArrayList<>();
        for (int j = 0; j < VARIABLES; j++) {
            if (PLANT.loadings[j][stateIndex] != 0.0) {
                driven.add(names.get(j));
            }
        }
        return driven;
    }

    /** Index of the state a state fault acts on, from its affected variables (see the fault planner). */
    private static int stateOf(FaultEpisode fault) {
        for (int k = 0; k < STATES; k++) {
            if (variablesDrivenBy(k).equals(fault.affectedSensors())) {
                return k;
            }
        }
        throw new IllegalArgumentException("no process state drives exactly " + fault.affectedSensors());
    }

    private void startEpisode(FaultEpisode fault) {
        currentEpisode = fault;
        faultState = -1;
        extraVariation = 0.0;
        java.util.Arrays.fill(faultVariables, false);
        List<String> names = SimulatorProfile.PROCESS.featureNames();
        switch (fault.type()) {
            case AnomalyTypes.STEP -> {
                faultState = stateOf(fault);
                faultSign = RandomStreams.randomSign(faultNoise);
                faultSize = RandomStreams.uniform(faultNoise, STEP_MIN_STATE_SIGMA, STEP_MAX_STATE_SIGMA);
            }
            case AnomalyTypes.RANDOM_VARIATION -> {
                faultState = stateOf(fault);
                faultSize = RandomStreams.uniform(faultNoise, RANDOM_VARIATION_MIN_FACTOR, RANDOM_VARIATION_MAX_FACTOR);
            }
            case AnomalyTypes.DRIFT -> {
                fault.affectedSensors().forEach(name -> faultVariables[names.indexOf(name)] = true);
                faultSign = RandomStreams.randomSign(faultNoise);
                faultSize = RandomStreams.uniform(faultNoise, DRIFT_MIN_NOISE_SIGMA, DRIFT_MAX_NOISE_SIGMA);
            }
            case AnomalyTypes.STUCK_SENSOR -> {
                fault.affectedSensors().forEach(name -> faultVariables[names.indexOf(name)] = true);
                stuckValues = last.clone();
            }
            default -> throw new IllegalArgumentException("not a process anomaly type: " + fault.type());
        }
    }

    /** The plant type every device of the profile shares, drawn once from {@link #PROFILE_SEED}. */
    private static final class PlantType {
        final double[] autocorrelation = new double[STATES];
        final double[][] loadings = new double[VARIABLES][STATES];
        final double[] nominal = new double[VARIABLES];
        final double[] scale = new double[VARIABLES];
        final double[] noise = new double[VARIABLES];

        static PlantType draw() {
            SplittableRandom random = RandomStreams.stream(PROFILE_SEED, RandomStreams.FLEET, RandomStreams.FLEET_PARAMETERS);
            PlantType plant = new PlantType();
            for (int k = 0; k < STATES; k++) {
                plant.autocorrelation[k] = RandomStreams.uniform(random, STATE_AUTOCORRELATION_MIN, STATE_AUTOCORRELATION_MAX);
            }
            for (int j = 0; j < VARIABLES; j++) {
                double norm = 0.0;
                int first = random.nextInt(STATES);
                int second = (first + 1 + random.nextInt(STATES - 1)) % STATES;
                for (int k : new int[] {first, second}) {
                    plant.loadings[j][k] = RandomStreams.gaussian(random);
                    norm += plant.loadings[j][k] * plant.loadings[j][k];
                }
                for (int k = 0; k < STATES; k++) {
                    plant.loadings[j][k] /= Math.sqrt(norm); // every variable has about unit process variance
                }
                plant.nominal[j] = RandomStreams.uniform(random, NOMINAL_MIN, NOMINAL_MAX);
                plant.scale[j] = plant.nominal[j] * RandomStreams.uniform(random, RELATIVE_SCALE_MIN, RELATIVE_SCALE_MAX);
                plant.noise[j] = RandomStreams.uniform(random, NOISE_MIN, NOISE_MAX);
            }
            return plant;
        }
    }
}
