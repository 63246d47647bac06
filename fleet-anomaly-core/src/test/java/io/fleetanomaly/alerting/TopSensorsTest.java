package io.fleetanomaly.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TopSensorsTest {

    @Test
    void ranksLargestFirstWithSharesOfTheWholeTotal() {
        TopSensors top = TopSensors.rank(new double[] {1.0, 5.0, 0.0, 2.0, 2.0}, 3);

        assertThat(top.indices()).containsExactly(1, 3, 4);
        assertThat(top.shares()).containsExactly(new double[] {0.5, 0.2, 0.2}, within(1e-12));
        assertThat(top.topIndex()).isEqualTo(1);
        assertThat(top.names(new String[] {"a", "b", "c", "d", "e"})).containsExactly("b", "d", "e");
    }

    @Test
    void neverNamesSensorsWithoutContribution() {
        TopSensors top = TopSensors.rank(new double[] {0.0, 3.0, 0.0}, 3);

        assertThat(top.indices()).containsExactly(1);
        assertThat(top.shares()).containsExactly(1.0);
    }

    @Test
    void nothingContributedNamesNoSensor() {
        assertThat(TopSensors.rank(new double[] {0.0, 0.0}, 3).size()).isZero();
        assertThat(TopSensors.rank(new double[] {0.0, 0.0}, 3).topIndex()).isEqualTo(-1);
        assertThat(TopSensors.rank(new double[0], 3).size()).isZero();
        assertThat(TopSensors.rank(null, 3).size()).isZero();
    }

    @Test
    void topIndexOfIsTheRankedTopWithoutRanking() {
        double[][] cases = {
            {1.0, 5.0, 0.0, 2.0, 2.0}, {2.0, 2.0, 1.0}, {0.0, 3.0, 3.0}, {0.0, 0.0}, {}, {-1.0, 0.5, 0.5},
            {Double.NaN, 1.0}, {Double.POSITIVE_INFINITY, 1.0, Double.POSITIVE_INFINITY},
            {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}, {-0.0, 0.0, Double.MIN_VALUE}, {-3.0, 1.0},
        };
        for (double[] totals : cases) {
            for (int limit = 1; limit <= 3; limit++) {
                assertThat(TopSensors.topIndexOf(totals)).as(java.util.Arrays.toString(totals))
                        .isEqualTo(TopSensors.rank(totals, limit).topIndex());
            }
        }
        assertThat(TopSensors.topIndexOf(null)).isEqualTo(-1);
        java.util.Random random = new java.util.Random(5);
        for (int n = 0; n < 20_000; n++) {
            double[] totals = new double[1 + random.nextInt(9)];
            for (int i = 0; i < totals.length; i++) {
                // few distinct values, so ties are common; some zero and negative
                totals[i] = random.nextInt(4) == 0 ? 0.0 : (random.nextInt(7) - 1) * 0.25;
            }
            assertThat(TopSensors.topIndexOf(totals)).isEqualTo(TopSensors.rank(totals, 1 + random.nextInt(3)).topIndex());
        }
    }
}
