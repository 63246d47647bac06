package io.fleetanomaly.evaluation.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WeightGridTest {

    @Test
    void simplexSizesAreBinomial() {
        assertThat(WeightGrid.simplex(3, 10)).hasSize(66);
        assertThat(WeightGrid.simplex(3, 20)).hasSize(231);
        assertThat(WeightGrid.simplex(2, 10)).hasSize(11);
        assertThat(WeightGrid.simplex(1, 10)).hasSize(1);
    }

    @Test
    void everyVectorIsOnTheGridSumsToOneAndAppearsOnce() {
        List<double[]> grid = WeightGrid.simplex(3, 10);
        Set<String> seen = new HashSet<>();
        for (double[] w : grid) {
            assertThat(w[0] + w[1] + w[2]).isCloseTo(1.0, within(1e-12));
            for (double x : w) {
                assertThat(x).isBetween(0.0, 1.0);
                assertThat(x * 10).isCloseTo(Math.rint(x * 10), within(1e-9));
            }
            int[] counts = WeightGrid.counts(w, 10);
            assertThat(counts[0] + counts[1] + counts[2]).isEqualTo(10);
            assertThat(seen.add(java.util.Arrays.toString(counts))).isTrue();
        }
        assertThat(grid.get(0)).containsExactly(1.0, 0.0, 0.0);
        assertThat(grid.get(grid.size() - 1)).containsExactly(0.0, 0.0, 1.0);
    }

    @Test
    void nearestFirstStartsAtTheReference() {
        List<double[]> grid = WeightGrid.simplexNearestFirst(new double[] {0.5, 0.3, 0.2}, 10);
        assertThat(grid).hasSize(66);
        assertThat(grid.get(0)).containsExactly(0.5, 0.3, 0.2);
        for (int i = 1; i < grid.size(); i++) {
            assertThat(WeightGrid.distance(grid.get(i), new double[] {0.5, 0.3, 0.2}))
                    .isGreaterThanOrEqualTo(WeightGrid.distance(grid.get(i - 1), new double[] {0.5, 0.3, 0.2}) - 1e-12);
        }
    }

    @Test
    void offGridCurrentWeightsAreTriedFirst() {
        double[] third = {1.0 / 3, 1.0 / 3, 1.0 / 3};
        List<double[]> candidates = FusionTuner.candidates(third, 10);
        assertThat(candidates).hasSize(67);
        assertThat(candidates.get(0)).containsExactly(third);
        assertThat(FusionTuner.candidates(new double[] {0.5, 0.5, 0.0}, 10)).hasSize(66);
    }
}
