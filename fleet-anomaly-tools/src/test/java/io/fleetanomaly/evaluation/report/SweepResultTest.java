package io.fleetanomaly.evaluation.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetanomaly.evaluation.metrics.ConfusionMatrix;
import io.fleetanomaly.evaluation.metrics.SweepRow;
import io.fleetanomaly.evaluation.metrics.ThresholdSweep;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepResultTest {
    private static SweepRow row(double threshold, long tp, long fp, long fn, long tn) {
        return new SweepRow(threshold, new ConfusionMatrix(tp, fp, fn, tn));
    }

    @Test
    void marksTheBestF1AndTheLowestCostRows() {
        SweepResult sweep = SweepResult.of("cusum.h", SampleReports.sweepRows(), new CostWeights(3, 1));
        assertThat(sweep.bestF1Index()).isEqualTo(4);
        assertThat(sweep.costWeightedIndex()).isEqualTo(3);
        assertThat(sweep.bestF1Row().threshold()).isEqualTo(6);
        assertThat(sweep.costWeightedRow().threshold()).isEqualTo(5);
        SweepResult missesCostMore = SweepResult.of("cusum.h", SampleReports.sweepRows(), new CostWeights(10, 1));
        assertThat(missesCostMore.costWeightedIndex()).isZero();
    }

    @Test
    void marksTheRowsTheMetricsPackageChooses() {
        List<SweepRow> rows = SampleReports.sweepRows();
        for (CostWeights costs : List.of(new CostWeights(3, 1), new CostWeights(1, 3), new CostWeights(0, 1))) {
            SweepResult sweep = SweepResult.of("h", rows, costs);
            assertThat(sweep.bestF1Row()).isSameAs(ThresholdSweep.bestF1(sweep.rows()).orElseThrow());
            assertThat(sweep.costWeightedRow()).isSameAs(
                    ThresholdSweep.minCost(sweep.rows(), costs.costMissed(), costs.costFalseAlarm()).orElseThrow());
        }
    }

    @Test
    void tiesGoToTheHighestThreshold() {
        // Equal F1 (0.5) at h = 1 and h = 2; equal cost (4 with unit weights) at all three.
        List<SweepRow> rows = List.of(row(1, 2, 2, 2, 4), row(2, 2, 2, 2, 4), row(3, 1, 1, 3, 5));
        SweepResult sweep = SweepResult.of("h", rows, new CostWeights(1, 1));
        assertThat(sweep.bestF1Index()).isEqualTo(1);
        assertThat(sweep.costWeightedIndex()).isEqualTo(2);
    }

    @Test
    void anUndefinedF1CountsAsZero() {
        List<SweepRow> rows = List.of(row(1, 0, 0, 0, 10), row(2, 1, 5, 3, 10));
        assertThat(SweepResult.of("h", rows, new CostWeights(1, 1)).bestF1Index()).isEqualTo(1);
        // No labeled anomaly: F1 is 0 (metrics) or 0/0 at every row, so the highest threshold is best.
        SweepResult healthy = SampleReports.undefinedRates().sweep();
        assertThat(healthy.bestF1Index()).isEqualTo(3);
        assertThat(healthy.costWeightedIndex()).isEqualTo(3);
    }

    @Test
    void rejectsUnorderedOrNonFiniteRowsAndIndicesOutside() {
        List<SweepRow> rows = List.of(row(2, 1, 1, 1, 1), row(1, 1, 1, 1, 1));
        CostWeights unit = new CostWeights(1, 1);
        assertThatThrownBy(() -> new SweepResult("h", rows, 0, 0, unit)).hasMessageContaining("increasing");
        assertThatThrownBy(() -> new SweepResult("h", List.of(row(1, 1, 1, 1, 1)), 1, 0, unit))
                .hasMessageContaining("bestF1Index 1");
        assertThatThrownBy(() -> new SweepResult("h", List.of(), 0, 0, unit)).hasMessageContaining("at least one row");
        assertThatThrownBy(() -> SweepResult.of("h", List.of(), unit)).hasMessageContaining("at least one row");
        assertThatThrownBy(() -> new SweepResult("h", List.of(row(Double.POSITIVE_INFINITY, 1, 1, 1, 1)), 0, 0, unit))
                .hasMessageContaining("finite");
    }

    @Test
    void costWeightsAreMissedThenFalseAlarm() {
        CostWeights costs = new CostWeights(3, 1);
        ConfusionMatrix m = new ConfusionMatrix(780, 162, 220, 8838);
        assertThat(costs.costOf(m)).isEqualTo(3 * 220 + 162).isEqualTo(m.cost(3, 1));
        assertThatThrownBy(() -> new CostWeights(-1, 1)).hasMessageContaining("finite and >= 0");
        assertThatThrownBy(() -> new CostWeights(1, Double.POSITIVE_INFINITY)).hasMessageContaining("finite and >= 0");
        assertThatThrownBy(() -> new CostWeights(Double.NaN, 1)).hasMessageContaining("finite and >= 0");
    }

    @Test
    void displayRatesAreNanOnlyWhereTheDenominatorIsZero() {
        ConfusionMatrix nothingFlagged = new ConfusionMatrix(0, 0, 0, 5);
        assertThat(nothingFlagged.precision()).isZero(); // the metrics package's zero_division=0
        assertThat(DisplayRates.precision(nothingFlagged)).isNaN();
        assertThat(DisplayRates.recall(nothingFlagged)).isNaN();
        assertThat(DisplayRates.f1(nothingFlagged)).isNaN();
        assertThat(DisplayRates.mar(nothingFlagged)).isNaN();
        assertThat(DisplayRates.far(nothingFlagged)).isZero();
        assertThat(DisplayRates.far(new ConfusionMatrix(3, 0, 1, 0))).isNaN();
        ConfusionMatrix missedAll = new ConfusionMatrix(0, 2, 4, 5);
        assertThat(DisplayRates.precision(missedAll)).isZero();
        assertThat(DisplayRates.f1(missedAll)).isZero();
        ConfusionMatrix m = new ConfusionMatrix(780, 162, 220, 8838);
        assertThat(List.of(DisplayRates.precision(m), DisplayRates.recall(m), DisplayRates.f1(m),
                DisplayRates.far(m), DisplayRates.mar(m)))
                .containsExactly(m.precision(), m.recall(), m.f1(), m.far(), m.mar());
    }

    @Test
    void recordsRejectMismatchedArrays() {
        assertThatThrownBy(() -> new RocCurve(new double[2], new double[3], 0.5)).hasMessageContaining("tpr has 3");
        assertThatThrownBy(() -> new PrCurve(new double[2], new double[1], 0.5)).hasMessageContaining("precision");
        assertThatThrownBy(() -> new DeviceTimeline("d", new long[] {2, 1}, new double[2], Map.of(),
                new int[2], new boolean[2], new double[2], 5)).hasMessageContaining("back in time");
        assertThatThrownBy(() -> new DeviceTimeline("d", new long[2], new double[2],
                Map.of("iforest", new double[1]), new int[2], new boolean[2], new double[2], 5))
                .hasMessageContaining("iforest scores has 1");
    }
}
