package io.fleetanomaly.evaluation.tuning;

import io.fleetanomaly.fusion.FusionMethod;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Every pair of a list of fusion-weight vectors and an {@link AlertGrid}'s alert settings,
 * replayed on a set of devices ({@link FleetScores#fuse}, {@link CusumSweep#sweep}); a
 * {@link Selection} then picks one pair. Rows are in weight-major order: all settings of the first
 * weights, then of the second, and so on.
 */
public final class WeightGridSearch {
    /** Picks one row from the rows of every (weights, settings) pair, or none when there are none. */
    @FunctionalInterface
    public interface Selection {
        Optional<SettingsRow> choose(List<SettingsRow> rows);

        /** The highest F1 (ties: the highest h, then the first; {@link CusumSweep#bestF1}). */
        static Selection bestF1() {
            return CusumSweep::bestF1;
        }

        /** The lowest cost of missed and false-alarm events ({@link CusumSweep#minCost}). */
        static Selection minCost(double costMissed, double costFalseAlarm) {
            return rows -> CusumSweep.minCost(rows, costMissed, costFalseAlarm);
        }

        /**
         * The highest F1 among the rows whose false-alarm rate is at most {@code maxFalseAlarmRate}
         * (the first of equal F1s), or the highest F1 overall when none is within the limit.
         */
        static Selection bestF1WithFarAtMost(double maxFalseAlarmRate) {
            return rows -> {
                SettingsRow best = null;
                boolean bestWithinLimit = false;
                for (SettingsRow row : rows) {
                    boolean withinLimit = row.matrix().far() <= maxFalseAlarmRate;
                    boolean better = best == null
                            || (withinLimit && !bestWithinLimit)
                            || (withinLimit == bestWithinLimit && row.matrix().f1() > best.matrix().f1());
                    if (better) {
                        best = row;
                        bestWithinLimit = withinLimit;
                    }
                }
                return Optional.ofNullable(best);
            };
        }
    }

    /** The pair a selection chose, with every row of its weights (one per setting of the grid). */
    public record Choice(double[] weights, SettingsRow row, List<SettingsRow> rowsOfWeights) {}

    private final List<double[]> weights;
    private final List<List<SettingsRow>> rowsPerWeights;
    private final List<SettingsRow> rows;

    private WeightGridSearch(List<double[]> weights, List<List<SettingsRow>> rowsPerWeights) {
        this.weights = weights;
        this.rowsPerWeights = rowsPerWeights;
        List<SettingsRow> all = new ArrayList<>();
        rowsPerWeights.forEach(all::addAll);
        this.rows = Collections.unmodifiableList(all);
    }

    /**
     * Replays every weight vector × every setting of the grid on the devices.
     *
     * @param parallel replay the weight vectors in parallel (the result is the same)
     */
    public static WeightGridSearch run(List<DeviceSeries> devices, List<double[]> weights, AlertGrid grid,
            FusionMethod fusion, boolean parallel) {
        if (weights.isEmpty()) {
            throw new IllegalArgumentException("no weight vectors to search");
        }
        @SuppressWarnings("unchecked")
        List<SettingsRow>[] perWeights = new List[weights.size()];
        IntStream indices = IntStream.range(0, weights.size());
        (parallel ? indices.parallel() : indices).forEach(w ->
                perWeights[w] = CusumSweep.sweep(FleetScores.fuse(devices, weights.get(w), fusion), grid));
        return new WeightGridSearch(List.copyOf(weights), Arrays.asList(perWeights));
    }

    /** Every row, weight-major. */
    public List<SettingsRow> rows() {
        return rows;
    }

    /** The pair the selection chooses among all rows. */
    public Choice select(Selection selection) {
        SettingsRow chosen = selection.choose(rows)
                .orElseThrow(() -> new IllegalArgumentException("nothing to choose from"));
        for (int w = 0; w < rowsPerWeights.size(); w++) {
            for (SettingsRow row : rowsPerWeights.get(w)) {
                if (row == chosen) {
                    return new Choice(weights.get(w).clone(), chosen, rowsPerWeights.get(w));
                }
            }
        }
        throw new IllegalStateException("the selection chose a row that is not among the search's rows");
    }
}
