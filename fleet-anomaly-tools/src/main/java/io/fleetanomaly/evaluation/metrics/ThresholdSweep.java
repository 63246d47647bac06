package io.fleetanomaly.evaluation.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Confusion matrices over a range of thresholds (an event is predicted anomalous when its
 * {@code score >= threshold}), and the choice of an operating point from any list of
 * {@link SweepRow}s, whichever knob produced them.
 */
public final class ThresholdSweep {
    private ThresholdSweep() {}

    /**
     * The confusion matrix at each threshold, in increasing threshold order (duplicates kept). The
     * scores of anomalies and of normal events are sorted once and walked together with the sorted
     * thresholds: O(n log n + k log k), O(n log n + k) when the thresholds come sorted.
     */
    public static List<SweepRow> sweep(double[] scores, boolean[] labels, double[] thresholds) {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException(
                    "scores and labels differ in length: " + scores.length + " vs " + labels.length);
        }
        double[] sortedThresholds = thresholds.clone();
        for (int i = 0; i < sortedThresholds.length; i++) {
            if (Double.isNaN(sortedThresholds[i])) {
                throw new IllegalArgumentException("threshold " + i + " is NaN");
            }
        }
        if (!isSorted(sortedThresholds)) {
            Arrays.sort(sortedThresholds);
        }
        double[][] split = splitByLabel(scores, labels);
        double[] positives = split[0];
        double[] negatives = split[1];
        List<SweepRow> rows = new ArrayList<>(sortedThresholds.length);
        int p = 0; // positives[0..p) are below the current threshold
        int q = 0;
        for (double threshold : sortedThresholds) {
            while (p < positives.length && positives[p] < threshold) {
                p++;
            }
            while (q < negatives.length && negatives[q] < threshold) {
                q++;
            }
            long tp = positives.length - p;
            long fp = negatives.length - q;
            rows.add(new SweepRow(threshold, new ConfusionMatrix(tp, fp, p, q)));
        }
        return Collections.unmodifiableList(rows);
    }

    /** {@link #sweep(double[], boolean[], double[])} over {@link #quantileGrid(double[], int)}. */
    public static List<SweepRow> sweep(double[] scores, boolean[] labels, int gridPoints) {
        return sweep(scores, labels, quantileGrid(scores, gridPoints));
    }

    /**
     * Up to {@code points} thresholds at evenly spaced quantiles of the scores, from the minimum (every
     * event flagged) to the maximum (only the top score flagged). Each threshold is an observed score
     * (the order statistic nearest the quantile), so each is a distinct operating point; repeated
     * values are dropped, so heavily tied scores give fewer points.
     */
    public static double[] quantileGrid(double[] scores, int points) {
        if (points < 2) {
            throw new IllegalArgumentException("a threshold grid needs at least 2 points, got " + points);
        }
        if (scores.length == 0) {
            throw new IllegalArgumentException("no scores to take quantiles of");
        }
        double[] sorted = scores.clone();
        for (int i = 0; i < sorted.length; i++) {
            if (Double.isNaN(sorted[i])) {
                throw new IllegalArgumentException("score " + i + " is NaN");
            }
        }
        Arrays.sort(sorted);
        double[] grid = new double[points];
        int size = 0;
        for (int i = 0; i < points; i++) {
            double value = sorted[(int) Math.round((double) i * (sorted.length - 1) / (points - 1))];
            if (size == 0 || value != grid[size - 1]) {
                grid[size++] = value;
            }
        }
        return Arrays.copyOf(grid, size);
    }

    /** The row with the highest F1; among equals, the highest threshold (the fewest alarms). */
    public static Optional<SweepRow> bestF1(List<SweepRow> rows) {
        return rows.stream()
                .max(Comparator.comparingDouble((SweepRow r) -> r.matrix().f1())
                        .thenComparingDouble(SweepRow::threshold));
    }

    /**
     * The row minimising {@code costMissed * FN + costFalseAlarm * FP}; among equals, the highest
     * threshold.
     */
    public static Optional<SweepRow> minCost(List<SweepRow> rows, double costMissed, double costFalseAlarm) {
        if (!(costMissed >= 0) || !(costFalseAlarm >= 0) || Double.isInfinite(costMissed)
                || Double.isInfinite(costFalseAlarm)) {
            throw new IllegalArgumentException(
                    "costs must be finite and >= 0, got missed=" + costMissed + " false alarm=" + costFalseAlarm);
        }
        return rows.stream()
                .min(Comparator.comparingDouble((SweepRow r) -> r.matrix().cost(costMissed, costFalseAlarm))
                        .thenComparing(Comparator.comparingDouble(SweepRow::threshold).reversed()));
    }

    private static double[][] splitByLabel(double[] scores, boolean[] labels) {
        int positives = 0;
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("score " + i + " is NaN; every event needs a score to sweep");
            }
            if (labels[i]) {
                positives++;
            }
        }
        double[] pos = new double[positives];
        double[] neg = new double[scores.length - positives];
        for (int i = 0, p = 0, q = 0; i < scores.length; i++) {
            if (labels[i]) {
                pos[p++] = scores[i];
            } else {
                neg[q++] = scores[i];
            }
        }
        Arrays.sort(pos);
        Arrays.sort(neg);
        return new double[][] {pos, neg};
    }

    private static boolean isSorted(double[] values) {
        for (int i = 1; i < values.length; i++) {
            if (values[i] < values[i - 1]) {
                return false;
            }
        }
        return true;
    }
}
