package io.fleetanomaly.evaluation.tuning;

import io.fleetanomaly.evaluation.metrics.ConfusionMatrix;
import java.util.Locale;

/**
 * How a cross-validation fold picks one candidate of a {@link DeviceConfusionTable} on its tuning
 * devices, all of them aiming at a false-alarm rate at most {@code maxFar} on devices not seen:
 * <ul>
 *   <li>{@link FarLimit}: the best F1 among candidates whose FAR on the tuning devices is within the
 *       limit (what {@link CrossValidation#twoFoldOverVariants} does). The chosen candidate sits at the
 *       edge of the limit, and its FAR on other devices is usually higher: the choice is optimistic.
 *   <li>{@link FarUpperBound}: the same, with the FAR replaced by an upper confidence bound over the
 *       devices (each device one sample): FAR + z × its standard error.
 *   <li>{@link InnerCvMargin}: learns the optimism on the tuning devices themselves, by 2-fold splits
 *       of them (chosen with {@link FarLimit} on one part, judged on the other), and applies
 *       {@link FarLimit} with the limit lowered by the mean growth of FAR.
 * </ul>
 * Ties go to the first candidate (the table's order). When no candidate meets a rule's limit, the
 * rule takes the one with the lowest FAR measure (ties: the best F1, then the first).
 */
public interface SelectionRule {
    /** As printed. */
    String name();

    /** The index of the candidate chosen on these devices. */
    int choose(DeviceConfusionTable table, int[] devices);

    /** What the rule learns on these devices, as printed (empty when it learns nothing). */
    default String learned(DeviceConfusionTable table, int[] devices) {
        return "";
    }

    /** Best F1 with the FAR on the tuning devices at most {@code maxFar}. */
    record FarLimit(double maxFar) implements SelectionRule {
        @Override
        public String name() {
            return String.format(Locale.ROOT, "FAR <= %.1f%%", 100 * maxFar);
        }

        @Override
        public int choose(DeviceConfusionTable table, int[] devices) {
            return bestF1Within(table, devices, (c, m) -> m.far(), maxFar);
        }
    }

    /**
     * Best F1 with FAR + z·SE at most {@code maxFar}; the SE is that of the pooled FAR Σfp / Σneg as a
     * ratio over devices: √(n / (n − 1) · Σ (fp_d − FAR · neg_d)²) / Σneg.
     */
    record FarUpperBound(double maxFar, double z) implements SelectionRule {
        @Override
        public String name() {
            return String.format(Locale.ROOT, "FAR + %.3g SE <= %.1f%%", z, 100 * maxFar);
        }

        @Override
        public int choose(DeviceConfusionTable table, int[] devices) {
            return bestF1Within(table, devices, (c, m) -> upperBound(table, c, devices, z), maxFar);
        }

        /** The bound for one candidate on these devices. */
        public static double upperBound(DeviceConfusionTable table, int candidate, int[] devices, double z) {
            long negatives = 0;
            long falseAlarms = 0;
            for (int d : devices) {
                negatives += table.negatives(d);
                falseAlarms += table.fp(candidate, d);
            }
            if (negatives == 0) {
                return 0.0;
            }
            double far = (double) falseAlarms / negatives;
            if (devices.length < 2) {
                return far;
            }
            double sumSquares = 0.0;
            for (int d : devices) {
                double residual = table.fp(candidate, d) - far * table.negatives(d);
                sumSquares += residual * residual;
            }
            double n = devices.length;
            return far + z * Math.sqrt(n / (n - 1) * sumSquares) / negatives;
        }
    }

    /**
     * {@link FarLimit} with the limit lowered by the optimism learned on the tuning devices: over
     * {@code repetitions} 2-fold splits of them (seeds 1 … repetitions), both ways, the mean of
     * (FAR on the other part − FAR on the part it was chosen on) of the candidate {@link FarLimit}
     * chooses; never negative.
     */
    record InnerCvMargin(double maxFar, int repetitions) implements SelectionRule {
        public InnerCvMargin {
            if (repetitions < 1) {
                throw new IllegalArgumentException("repetitions must be >= 1, got " + repetitions);
            }
        }

        @Override
        public String name() {
            return String.format(Locale.ROOT, "FAR <= %.1f%% - inner-CV margin (%d splits)", 100 * maxFar, repetitions);
        }

        @Override
        public int choose(DeviceConfusionTable table, int[] devices) {
            return new FarLimit(maxFar - margin(table, devices)).choose(table, devices);
        }

        @Override
        public String learned(DeviceConfusionTable table, int[] devices) {
            double margin = margin(table, devices);
            return String.format(Locale.ROOT, "margin %.2f pp, limit %.2f%%", 100 * margin, 100 * (maxFar - margin));
        }

        /** The mean growth of FAR from the part a candidate was chosen on to the other part, at least 0. */
        public double margin(DeviceConfusionTable table, int[] devices) {
            FarLimit limit = new FarLimit(maxFar);
            double sum = 0.0;
            int folds = 0;
            for (int seed = 1; seed <= repetitions; seed++) {
                int[][] parts = table.split(devices, seed);
                for (int way = 0; way < 2; way++) {
                    int[] tuning = parts[way];
                    int[] other = parts[1 - way];
                    if (tuning.length == 0 || other.length == 0) {
                        continue;
                    }
                    int chosen = limit.choose(table, tuning);
                    sum += table.confusion(chosen, other).far() - table.confusion(chosen, tuning).far();
                    folds++;
                }
            }
            return folds == 0 ? 0.0 : Math.max(0.0, sum / folds);
        }
    }

    /**
     * The best F1 among candidates whose {@code farMeasure} is at most {@code limit} (the first on
     * ties); when none is, the lowest measure (ties: the best F1, then the first).
     */
    static int bestF1Within(DeviceConfusionTable table, int[] devices, FarMeasure farMeasure, double limit) {
        int best = -1;
        double bestF1 = Double.NEGATIVE_INFINITY;
        int lowest = -1;
        double lowestMeasure = Double.POSITIVE_INFINITY;
        double lowestF1 = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < table.candidateCount(); c++) {
            ConfusionMatrix m = table.confusion(c, devices);
            double f1 = m.f1();
            double measure = farMeasure.of(c, m);
            if (measure <= limit && f1 > bestF1) {
                best = c;
                bestF1 = f1;
            }
            if (measure < lowestMeasure || (measure == lowestMeasure && f1 > lowestF1)) {
                lowest = c;
                lowestMeasure = measure;
                lowestF1 = f1;
            }
        }
        if (lowest < 0) {
            throw new IllegalArgumentException("no candidates to choose from");
        }
        return best >= 0 ? best : lowest;
    }

    /** A false-alarm measure of one candidate, given its confusion on the devices judged. */
    @FunctionalInterface
    interface FarMeasure {
        double of(int candidate, ConfusionMatrix onDevices);
    }
}
