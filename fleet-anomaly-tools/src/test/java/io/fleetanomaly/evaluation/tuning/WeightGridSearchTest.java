package io.fleetanomaly.evaluation.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetanomaly.alerting.AlertSettings;
import io.fleetanomaly.evaluation.tuning.WeightGridSearch.Choice;
import io.fleetanomaly.evaluation.tuning.WeightGridSearch.Selection;
import io.fleetanomaly.fusion.FusionMethod;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeightGridSearchTest {
    private static final AlertSettings BASE = AlertSettings.builder().build();
    private static final double[] EQUAL = {0.5, 0.5};
    private static final List<double[]> WEIGHTS = List.of(EQUAL, new double[] {1.0, 0.0}, new double[] {0.0, 1.0});

    private static List<DeviceSeries> fleet() {
        return TuningData.informativeAndNoise(12, 2, EQUAL, 60, 4, 150, 30, 1.5, 5);
    }

    @Test
    void everyWeightVectorMeetsEverySettingOfTheGridWeightMajor() {
        AlertGrid grid = AlertGrid.overH(BASE, 3, 5, 8);
        List<DeviceSeries> devices = fleet();
        WeightGridSearch search = WeightGridSearch.run(devices, WEIGHTS, grid, FusionMethod.WEIGHTED_MEAN, false);

        assertThat(search.rows()).hasSize(WEIGHTS.size() * grid.size());
        for (int w = 0; w < WEIGHTS.size(); w++) {
            List<SettingsRow> expected = CusumSweep.sweep(FleetScores.fuse(devices, WEIGHTS.get(w), FusionMethod.WEIGHTED_MEAN), grid);
            for (int s = 0; s < grid.size(); s++) {
                SettingsRow row = search.rows().get(w * grid.size() + s);
                assertThat(row.settings()).isEqualTo(expected.get(s).settings());
                assertThat(row.matrix()).isEqualTo(expected.get(s).matrix());
            }
        }
        WeightGridSearch inParallel = WeightGridSearch.run(devices, WEIGHTS, grid, FusionMethod.WEIGHTED_MEAN, true);
        assertThat(inParallel.rows()).extracting(SettingsRow::matrix)
                .containsExactlyElementsOf(search.rows().stream().map(SettingsRow::matrix).toList());
    }

    @Test
    void theSelectionRuleIsAParameterAndTheChoiceCarriesItsWeightsAndTheirRows() {
        AlertGrid grid = AlertGrid.overH(BASE, 3, 5, 8);
        WeightGridSearch search = WeightGridSearch.run(fleet(), WEIGHTS, grid, FusionMethod.WEIGHTED_MEAN, false);

        Choice bestF1 = search.select(Selection.bestF1());
        assertThat(bestF1.row()).isSameAs(CusumSweep.bestF1(search.rows()).orElseThrow());
        assertThat(bestF1.weights()).containsExactly(1.0, 0.0); // the informative detector alone
        assertThat(bestF1.rowsOfWeights()).hasSize(grid.size()).contains(bestF1.row());

        Choice cheapest = search.select(Selection.minCost(1, 5));
        assertThat(cheapest.row()).isSameAs(CusumSweep.minCost(search.rows(), 1, 5).orElseThrow());

        // Within a false-alarm limit nobody meets: the best F1 overall; a limit everyone meets: the same.
        assertThat(search.select(Selection.bestF1WithFarAtMost(-1)).row().matrix().f1())
                .isEqualTo(bestF1.row().matrix().f1());
        assertThat(search.select(Selection.bestF1WithFarAtMost(1)).row().matrix().f1())
                .isEqualTo(bestF1.row().matrix().f1());
        // A limit only some rows meet: the best F1 among them, even if a row beyond it scores higher.
        double limit = search.rows().stream().mapToDouble(r -> r.matrix().far()).min().orElseThrow();
        Choice withinLimit = search.select(Selection.bestF1WithFarAtMost(limit));
        assertThat(withinLimit.row().matrix().far()).isLessThanOrEqualTo(limit);
        assertThat(search.rows().stream().filter(r -> r.matrix().far() <= limit))
                .allSatisfy(r -> assertThat(r.matrix().f1()).isLessThanOrEqualTo(withinLimit.row().matrix().f1()));
    }

    @Test
    void nothingToSearchIsAnError() {
        assertThatThrownBy(() -> WeightGridSearch.run(fleet(), List.of(), AlertGrid.overH(BASE, 5),
                FusionMethod.WEIGHTED_MEAN, false)).hasMessageContaining("no weight vectors");
    }
}
