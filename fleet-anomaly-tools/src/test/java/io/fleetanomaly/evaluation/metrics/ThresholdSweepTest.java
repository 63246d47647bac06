package io.fleetanomaly.evaluation.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ThresholdSweepTest {
    private static final double[] SCORES = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6};
    private static final boolean[] LABELS = {false, false, true, false, true, true};

    @Test
    void confusionMatrixAtEachThresholdInIncreasingOrder() {
        List<SweepRow> rows = ThresholdSweep.sweep(SCORES, LABELS, new double[] {0.35, 0.0, 0.6, 0.7, 0.3});

        assertThat(rows).containsExactly(
                new SweepRow(0.0, new ConfusionMatrix(3, 3, 0, 0)),
                new SweepRow(0.3, new ConfusionMatrix(3, 1, 0, 2)), // score == threshold is flagged
                new SweepRow(0.35, new ConfusionMatrix(2, 1, 1, 2)),
                new SweepRow(0.6, new ConfusionMatrix(1, 0, 2, 3)),
                new SweepRow(0.7, new ConfusionMatrix(0, 0, 3, 3)));
    }

    @Test
    void picksBestF1AndMinimumCost() {
        List<SweepRow> rows = ThresholdSweep.sweep(SCORES, LABELS, new double[] {0.0, 0.3, 0.35, 0.6, 0.7});

        // F1: 6/9, 6/7, 4/6, 2/4, 0.
        assertThat(ThresholdSweep.bestF1(rows)).get().extracting(SweepRow::threshold).isEqualTo(0.3);
        // Missing costs 5, a false alarm 1: costs 3, 1, 6, 10, 15.
        assertThat(ThresholdSweep.minCost(rows, 5, 1)).get().extracting(SweepRow::threshold).isEqualTo(0.3);
        // Missing costs 1, a false alarm 10: costs 30, 10, 11, 2, 3.
        assertThat(ThresholdSweep.minCost(rows, 1, 10)).get().extracting(SweepRow::threshold).isEqualTo(0.6);
        assertThat(ThresholdSweep.bestF1(List.of())).isEmpty();
    }

    @Test
    void selectionWorksOnRowsFromAnyKnobAndBreaksTiesTowardsTheHigherThreshold() {
        // E.g. CUSUM decision intervals h, each replayed by the caller.
        List<SweepRow> cusumRows = List.of(
                new SweepRow(4.0, new ConfusionMatrix(8, 4, 2, 86)),
                new SweepRow(6.0, new ConfusionMatrix(8, 4, 2, 86)),
                new SweepRow(5.0, new ConfusionMatrix(7, 1, 3, 89)));
        // F1 16/30 = 0.533 for h 4 and 6, 14/18 = 0.778 for h 5.
        assertThat(ThresholdSweep.bestF1(cusumRows)).get().extracting(SweepRow::threshold).isEqualTo(5.0);
        // Cost 1 per miss, 1 per false alarm: 6, 6, 4 -> h 5; 1 per miss, 0 per false alarm: 2, 2, 3 -> h 6 (tie, higher).
        assertThat(ThresholdSweep.minCost(cusumRows, 1, 1)).get().extracting(SweepRow::threshold).isEqualTo(5.0);
        assertThat(ThresholdSweep.minCost(cusumRows, 1, 0)).get().extracting(SweepRow::threshold).isEqualTo(6.0);
        assertThatThrownBy(() -> ThresholdSweep.minCost(cusumRows, -1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void quantileGridUsesObservedScoresWithoutRepeats() {
        double[] zeroToTen = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0};
        assertThat(ThresholdSweep.quantileGrid(zeroToTen, 3)).containsExactly(0, 5, 10);
        // Order statistics at 0, 2.5, 5, 7.5, 10 rounded half up.
        assertThat(ThresholdSweep.quantileGrid(zeroToTen, 5)).containsExactly(0, 3, 5, 8, 10);
        assertThat(ThresholdSweep.quantileGrid(new double[] {1, 1, 1, 1, 2}, 5)).containsExactly(1, 2);
        assertThatThrownBy(() -> ThresholdSweep.quantileGrid(zeroToTen, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void gridSweepMatchesCountingEachThresholdDirectly() {
        Random random = new Random(11);
        int n = 2000;
        double[] scores = new double[n];
        boolean[] labels = new boolean[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextDouble() < 0.1;
            scores[i] = Math.round((random.nextGaussian() + (labels[i] ? 2 : 0)) * 10) / 10.0;
        }
        List<SweepRow> rows = ThresholdSweep.sweep(scores, labels, 50);
        assertThat(rows).hasSizeBetween(2, 50);
        for (SweepRow row : rows) {
            boolean[] predicted = new boolean[n];
            for (int i = 0; i < n; i++) {
                predicted[i] = scores[i] >= row.threshold();
            }
            assertThat(row.matrix()).isEqualTo(ConfusionMatrix.of(labels, predicted));
        }
    }

    @Test
    void rejectsNaN() {
        assertThatThrownBy(() -> ThresholdSweep.sweep(new double[] {Double.NaN}, new boolean[] {true}, new double[] {0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("score 0 is NaN");
        assertThatThrownBy(() -> ThresholdSweep.sweep(SCORES, LABELS, new double[] {0.1, Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threshold 1 is NaN");
    }
}
