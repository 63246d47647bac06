package io.fleetanomaly.evaluation.tuning;

import io.fleetanomaly.fusion.FusionMethod;
import io.fleetanomaly.alerting.AlertSettings;
import java.util.Objects;

/**
 * How {@link FusionTuner} searches.
 *
 * @param grid the alert settings tried with every weight vector
 * @param weightDivisions weights are multiples of 1 / weightDivisions (10: steps of 0.1, 66 vectors for 3 detectors)
 * @param validationFraction share of devices held out for validation, in [0, 1) ({@link DeviceSplit})
 * @param seed of the device split
 * @param costMissed cost of one anomalous event not under alert (a false negative), for the cost-weighted point
 * @param costFalseAlarm cost of one normal event under alert (a false positive), for the cost-weighted point
 * @param parallel spread the weight vectors over the common fork-join pool (results do not depend on it)
 */
public record TuningOptions(
        AlertGrid grid, int weightDivisions, double validationFraction, long seed,
        double costMissed, double costFalseAlarm, boolean parallel, FusionMethod fusion) {

    public static final int DEFAULT_WEIGHT_DIVISIONS = 10;
    public static final double DEFAULT_VALIDATION_FRACTION = 0.3;
    public static final long DEFAULT_SEED = 1L;
    /** Default h grid: this many values, 0.5 apart, from just above the reset level. */
    public static final int DEFAULT_H_VALUES = 40;

    public TuningOptions {
        Objects.requireNonNull(grid, "grid");
        Objects.requireNonNull(fusion, "fusion");
        if (weightDivisions < 1) {
            throw new IllegalArgumentException("weightDivisions must be >= 1, got " + weightDivisions);
        }
        if (!(validationFraction >= 0.0 && validationFraction < 1.0)) {
            throw new IllegalArgumentException("validationFraction must be in [0, 1), got " + validationFraction);
        }
        if (!(costMissed >= 0) || !(costFalseAlarm >= 0) || Double.isInfinite(costMissed) || Double.isInfinite(costFalseAlarm)) {
            throw new IllegalArgumentException("costs must be finite and >= 0, got missed=" + costMissed
                    + " false alarm=" + costFalseAlarm);
        }
    }

    /**
     * Defaults around the current settings: h from max(1.5, resetLevel + 0.5) in steps of 0.5, the
     * {@value #DEFAULT_H_VALUES} first values the settings accept (an explicit maxCusum, as every
     * bundle manifest has, stays and bounds h), plus the current h; the current k and hysteresis;
     * weights in steps of 0.1; 30 % of the devices for validation, seed 1; both costs 1; parallel.
     */
    public static TuningOptions defaults(AlertSettings current) {
        double from = Math.max(1.5, current.resetLevel() + 0.5);
        double[] h = java.util.stream.DoubleStream.concat(
                        java.util.stream.IntStream.range(0, DEFAULT_H_VALUES)
                                .mapToDouble(i -> from + 0.5 * i)
                                .filter(value -> accepts(current, value)),
                        java.util.stream.DoubleStream.of(current.h()))
                .toArray();
        return new TuningOptions(AlertGrid.overH(current, h), DEFAULT_WEIGHT_DIVISIONS, DEFAULT_VALIDATION_FRACTION,
                DEFAULT_SEED, 1.0, 1.0, true, FusionMethod.WEIGHTED_MEAN);
    }

    /**
     * The default h values around {@code current} crossed with the allowance k (2 to 6 and the
     * current) and the resolve hysteresis (10, 30, 60 events and the current): how long an anomaly's
     * tail lasts differs between data sets as much as how strong it is.
     */
    public static AlertGrid wideGrid(AlertSettings current) {
        return AlertGrid.overH(current, defaults(current).grid().h())
                .withK(2, 3, 4, 5, 6, current.k())
                .withResolveAfterEvents(10, 30, 60, current.resolveAfterEvents())
                .withRecoveryFractions(0.0, 0.5, 0.6, 0.7, 0.8, current.recoveryFraction());
    }

    private static boolean accepts(AlertSettings settings, double h) {
        try {
            settings.toBuilder().h(h).build();
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public TuningOptions withGrid(AlertGrid value) {
        return new TuningOptions(value, weightDivisions, validationFraction, seed, costMissed, costFalseAlarm, parallel, fusion);
    }

    public TuningOptions withWeightDivisions(int value) {
        return new TuningOptions(grid, value, validationFraction, seed, costMissed, costFalseAlarm, parallel, fusion);
    }

    public TuningOptions withSplit(double fraction, long splitSeed) {
        return new TuningOptions(grid, weightDivisions, fraction, splitSeed, costMissed, costFalseAlarm, parallel, fusion);
    }

    public TuningOptions withCosts(double missed, double falseAlarm) {
        return new TuningOptions(grid, weightDivisions, validationFraction, seed, missed, falseAlarm, parallel, fusion);
    }

    /** How fused scores are recomputed for candidate weights: the bundle's method. */
    public TuningOptions withFusion(FusionMethod value) {
        return new TuningOptions(grid, weightDivisions, validationFraction, seed, costMissed, costFalseAlarm, parallel, value);
    }

    public TuningOptions withParallel(boolean value) {
        return new TuningOptions(grid, weightDivisions, validationFraction, seed, costMissed, costFalseAlarm, value, fusion);
    }
}
