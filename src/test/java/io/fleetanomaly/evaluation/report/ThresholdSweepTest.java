package io.fleetanomaly.evaluation.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class ThresholdSweepTest {
    @Test
    void marksTheBestF1AndTheLowestCostRows() {
        ThresholdSweep sweep = ThresholdSweep.of("cusum.h", SampleReports.sweepRows(), new CostWeights(1, 3));
        assertThat(sweep.bestF1Index()).isEqualTo(4);
        assertThat(sweep.costWeightedIndex()).isEqualTo(3);
        ThresholdSweep missesCostMore = ThresholdSweep.of("cusum.h", SampleReports.sweepRows(), new CostWeights(1, 10));
        assertThat(missesCostMore.costWeightedIndex()).isZero();
    }

    @Test
    void rowsWithUndefinedF1AreNotTheBest() {
        List<SweepRow> rows = List.of(new SweepRow(1, 0, 0, 0, 10), new SweepRow(2, 1, 5, 3, 10));
        assertThat(ThresholdSweep.of("h", rows, new CostWeights(1, 1)).bestF1Index()).isEqualTo(1);
    }

    @Test
    void rejectsUnorderedRowsAndIndicesOutside() {
        List<SweepRow> rows = List.of(new SweepRow(2, 1, 1, 1, 1), new SweepRow(1, 1, 1, 1, 1));
        assertThatThrownBy(() -> new ThresholdSweep("h", rows, 0, 0, new CostWeights(1, 1)))
                .hasMessageContaining("increasing");
        assertThatThrownBy(() -> new ThresholdSweep("h", List.of(new SweepRow(1, 1, 1, 1, 1)), 1, 0,
                new CostWeights(1, 1))).hasMessageContaining("bestF1Index 1");
        assertThatThrownBy(() -> new ThresholdSweep("h", List.of(), 0, 0, new CostWeights(1, 1)))
                .hasMessageContaining("at least one row");
        assertThatThrownBy(() -> new SweepRow(Double.NaN, 1, 1, 1, 1)).hasMessageContaining("finite");
        assertThatThrownBy(() -> new SweepRow(1, -1, 1, 1, 1)).hasMessageContaining("negative");
    }

    @Test
    void confusionMatrixRatesAreNanWhenUndefined() {
        ConfusionMatrix none = new ConfusionMatrix(0, 0, 0, 5);
        assertThat(none.precision()).isNaN();
        assertThat(none.recall()).isNaN();
        assertThat(none.f1()).isNaN();
        assertThat(none.falseAlarmRate()).isZero();
        ConfusionMatrix m = new ConfusionMatrix(780, 162, 220, 8838);
        assertThat(m.f1()).isCloseTo(2 * m.precision() * m.recall() / (m.precision() + m.recall()),
                Offset.offset(1e-12));
        assertThat(m.cost(new CostWeights(1, 3))).isEqualTo(822);
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
