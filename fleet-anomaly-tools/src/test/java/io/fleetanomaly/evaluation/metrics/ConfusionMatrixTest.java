package io.fleetanomaly.evaluation.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {
    private static final double EPS = 1e-12;

    @Test
    void countsPairsAndDerivesTheRates() {
        boolean[] labels = {true, true, true, false, false, false, false, true};
        boolean[] predicted = {true, false, true, true, false, false, false, false};

        ConfusionMatrix m = ConfusionMatrix.of(labels, predicted);

        assertThat(m).isEqualTo(new ConfusionMatrix(2, 1, 2, 3));
        assertThat(m.precision()).isCloseTo(2.0 / 3, within(EPS));
        assertThat(m.recall()).isCloseTo(0.5, within(EPS));
        assertThat(m.f1()).isCloseTo(4.0 / 7, within(EPS)); // 2*(2/3)*(1/2) / (2/3 + 1/2)
        assertThat(m.far()).isCloseTo(0.25, within(EPS));
        assertThat(m.mar()).isCloseTo(0.5, within(EPS));
        assertThat(m.accuracy()).isCloseTo(5.0 / 8, within(EPS));
        assertThat(m.positives()).isEqualTo(4);
        assertThat(m.negatives()).isEqualTo(4);
        assertThat(m.predictedPositives()).isEqualTo(3);
        assertThat(m.cost(10, 1)).isEqualTo(21.0);
    }

    @Test
    void zeroDenominatorsGiveZeroLikeSklearnZeroDivision0() {
        ConfusionMatrix nothingFlagged = new ConfusionMatrix(0, 0, 5, 10);
        assertThat(nothingFlagged.precision()).isZero();
        assertThat(nothingFlagged.recall()).isZero();
        assertThat(nothingFlagged.f1()).isZero();
        assertThat(nothingFlagged.far()).isZero();
        assertThat(nothingFlagged.mar()).isEqualTo(1.0);

        ConfusionMatrix noAnomalies = new ConfusionMatrix(0, 3, 0, 7);
        assertThat(noAnomalies.recall()).isZero();
        assertThat(noAnomalies.mar()).isZero();
        assertThat(noAnomalies.precision()).isZero();
        assertThat(noAnomalies.f1()).isZero();
        assertThat(noAnomalies.far()).isCloseTo(0.3, within(EPS));

        ConfusionMatrix onlyAnomaliesAllCaught = new ConfusionMatrix(4, 0, 0, 0);
        assertThat(onlyAnomaliesAllCaught.far()).isZero();
        assertThat(onlyAnomaliesAllCaught.f1()).isEqualTo(1.0);

        assertThat(ConfusionMatrix.EMPTY.accuracy()).isZero();
        assertThat(ConfusionMatrix.EMPTY.f1()).isZero();
    }

    @Test
    void addsMatricesAndAccumulatesPairs() {
        ConfusionMatrix a = new ConfusionMatrix(1, 2, 3, 4);
        ConfusionMatrix b = new ConfusionMatrix(10, 20, 30, 40);
        assertThat(a.plus(b)).isEqualTo(new ConfusionMatrix(11, 22, 33, 44));

        ConfusionMatrix counted = new ConfusionMatrix.Counter()
                .add(true, true)
                .add(true, false)
                .add(false, true)
                .add(false, false)
                .add(false, false)
                .add(a)
                .toMatrix();
        assertThat(counted).isEqualTo(new ConfusionMatrix(2, 3, 4, 6));
    }

    @Test
    void rejectsNegativeCountsAndMismatchedArrays() {
        assertThatThrownBy(() -> new ConfusionMatrix(0, -1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConfusionMatrix.of(new boolean[2], new boolean[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 vs 3");
    }
}
