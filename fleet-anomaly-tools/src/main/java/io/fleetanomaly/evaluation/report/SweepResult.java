package io.fleetanomaly.evaluation.report;

import io.fleetanomaly.evaluation.metrics.SweepRow;
import io.fleetanomaly.evaluation.metrics.ThresholdSweep;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The alert threshold swept over a range, each row re-counting the alert output's confusion
 * matrix, with two marked rows: the best F1 and the lowest cost under {@code costs}.
 *
 * @param parameter         what was swept, e.g. {@code cusum.h}
 * @param rows              rows by strictly increasing, finite threshold, at least one
 * @param bestF1Index       index into {@code rows} of the best F1 (the chosen threshold)
 * @param costWeightedIndex index into {@code rows} of the lowest cost
 * @param costs             the weights that define the cost-weighted row
 */
public record SweepResult(
        String parameter,
        List<SweepRow> rows,
        int bestF1Index,
        int costWeightedIndex,
        CostWeights costs) {

    public SweepResult {
        Objects.requireNonNull(parameter, "parameter");
        Objects.requireNonNull(costs, "costs");
        rows = List.copyOf(rows);
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("a threshold sweep needs at least one row");
        }
        for (int i = 0; i < rows.size(); i++) {
            double threshold = rows.get(i).threshold();
            if (!Double.isFinite(threshold)) {
                throw new IllegalArgumentException("sweep threshold must be finite: " + threshold);
            }
            if (i > 0 && !(threshold > rows.get(i - 1).threshold())) {
                throw new IllegalArgumentException("sweep rows must have strictly increasing thresholds");
            }
        }
        checkIndex("bestF1Index", bestF1Index, rows.size());
        checkIndex("costWeightedIndex", costWeightedIndex, rows.size());
    }

    /**
     * A sweep whose marked rows are chosen by {@link ThresholdSweep#bestF1} and
     * {@link ThresholdSweep#minCost}: the highest F1 (a 0/0 F1 counts as 0) and the lowest cost,
     * each tie going to the highest threshold (the fewest alarms).
     */
    public static SweepResult of(String parameter, List<SweepRow> rows, CostWeights costs) {
        Objects.requireNonNull(costs, "costs");
        List<SweepRow> copy = List.copyOf(rows);
        int bestF1 = indexOf(copy, ThresholdSweep.bestF1(copy));
        int cheapest = indexOf(copy, ThresholdSweep.minCost(copy, costs.costMissed(), costs.costFalseAlarm()));
        return new SweepResult(parameter, copy, bestF1, cheapest, costs);
    }

    /** The best-F1 row. */
    public SweepRow bestF1Row() {
        return rows.get(bestF1Index);
    }

    /** The lowest-cost row. */
    public SweepRow costWeightedRow() {
        return rows.get(costWeightedIndex);
    }

    private static int indexOf(List<SweepRow> rows, Optional<SweepRow> chosen) {
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("a threshold sweep needs at least one row");
        }
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i) == chosen.get()) {
                return i;
            }
        }
        throw new IllegalStateException("the chosen row is not among the rows");
    }

    private static void checkIndex(String name, int index, int size) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException(name + " " + index + " is outside the " + size + " rows");
        }
    }
}
