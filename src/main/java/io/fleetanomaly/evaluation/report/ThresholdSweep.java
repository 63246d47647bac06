package io.fleetanomaly.evaluation.report;

import java.util.List;
import java.util.Objects;

/**
 * The alert threshold swept over a range, each row re-counting the alert output's confusion
 * matrix, with two marked rows: the best F1 and the lowest cost under {@code costs}.
 *
 * @param parameter         what was swept, e.g. {@code cusum.h}
 * @param rows              rows by increasing threshold, at least one
 * @param bestF1Index       index into {@code rows} of the best F1 (the chosen threshold)
 * @param costWeightedIndex index into {@code rows} of the lowest cost
 * @param costs             the weights that define the cost-weighted row
 */
public record ThresholdSweep(
        String parameter,
        List<SweepRow> rows,
        int bestF1Index,
        int costWeightedIndex,
        CostWeights costs) {

    public ThresholdSweep {
        Objects.requireNonNull(parameter, "parameter");
        Objects.requireNonNull(costs, "costs");
        rows = List.copyOf(rows);
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("a threshold sweep needs at least one row");
        }
        for (int i = 1; i < rows.size(); i++) {
            if (!(rows.get(i).threshold() > rows.get(i - 1).threshold())) {
                throw new IllegalArgumentException("sweep rows must have strictly increasing thresholds");
            }
        }
        checkIndex("bestF1Index", bestF1Index, rows.size());
        checkIndex("costWeightedIndex", costWeightedIndex, rows.size());
    }

    /** A sweep whose marked rows are found here: highest F1, and lowest cost (first one on ties). */
    public static ThresholdSweep of(String parameter, List<SweepRow> rows, CostWeights costs) {
        int bestF1 = 0;
        int cheapest = 0;
        for (int i = 0; i < rows.size(); i++) {
            ConfusionMatrix m = rows.get(i).confusion();
            double f1 = m.f1();
            double bestSoFar = rows.get(bestF1).confusion().f1();
            if (!Double.isNaN(f1) && (Double.isNaN(bestSoFar) || f1 > bestSoFar)) {
                bestF1 = i;
            }
            if (m.cost(costs) < rows.get(cheapest).confusion().cost(costs)) {
                cheapest = i;
            }
        }
        return new ThresholdSweep(parameter, rows, bestF1, cheapest, costs);
    }

    private static void checkIndex(String name, int index, int size) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException(name + " " + index + " is outside the " + size + " rows");
        }
    }
}
