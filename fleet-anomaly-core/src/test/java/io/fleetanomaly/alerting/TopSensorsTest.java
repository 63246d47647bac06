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
}
