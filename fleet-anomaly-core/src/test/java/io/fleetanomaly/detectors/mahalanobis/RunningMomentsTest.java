package io.fleetanomaly.detectors.mahalanobis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.stat.correlation.Covariance;
import org.junit.jupiter.api.Test;

class RunningMomentsTest {

    @Test
    void matchesTheBatchMeanAndCovariance() {
        // Large offsets relative to the spread, where a naive sum-of-squares update would lose digits.
        double[] offsetMean = {1e4, -3e3, 150.0, 1.2, 5e5};
        double[][] rows = new GaussianSamples(offsetMean, GaussianSamples.COVARIANCE_5D, 51).rows(5_000);
        RunningMoments moments = RunningMoments.create(5);
        for (double[] row : rows) {
            moments.add(row);
        }

        double[] batchMean = new double[5];
        for (double[] row : rows) {
            for (int j = 0; j < 5; j++) {
                batchMean[j] += row[j] / rows.length;
            }
        }
        double[][] batchCovariance = new Covariance(rows).getCovarianceMatrix().getData();
        double[][] covariance = moments.covariance();

        assertThat(moments.count).isEqualTo(5_000L);
        for (int i = 0; i < 5; i++) {
            assertThat(moments.mean[i]).isCloseTo(batchMean[i], within(1e-9 * Math.abs(batchMean[i])));
            for (int j = 0; j < 5; j++) {
                double scale = Math.sqrt(batchCovariance[i][i] * batchCovariance[j][j]);
                assertThat(covariance[i][j]).isCloseTo(batchCovariance[i][j], within(1e-9 * scale));
            }
        }
    }

    @Test
    void comomentStaysExactlySymmetric() {
        RunningMoments moments = RunningMoments.create(4);
        double[][] covariance = {{2.0, 0.3, 0.1, 0.0}, {0.3, 1.0, 0.2, 0.1}, {0.1, 0.2, 3.0, 0.4}, {0.0, 0.1, 0.4, 0.5}};
        for (double[] row : new GaussianSamples(new double[] {1.0, 2.0, 3.0, 4.0}, covariance, 52).rows(1_000)) {
            moments.add(row);
        }
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                assertThat(moments.comoment[i * 4 + j]).isEqualTo(moments.comoment[j * 4 + i]);
            }
        }
    }

    @Test
    void toModelScoresLikeFromMomentsOfTheBatchEstimates() {
        double[][] rows = new GaussianSamples(GaussianSamples.MEAN_5D, GaussianSamples.COVARIANCE_5D, 53).rows(2_000);
        RunningMoments moments = RunningMoments.create(5);
        for (double[] row : rows) {
            moments.add(row);
        }
        double[] batchMean = new double[5];
        for (double[] row : rows) {
            for (int j = 0; j < 5; j++) {
                batchMean[j] += row[j] / rows.length;
            }
        }
        double[][] batchCovariance = new Covariance(rows).getCovarianceMatrix().getData();

        for (double lambda : new double[] {0.0, 0.1}) {
            MahalanobisModel online = moments.toModel(lambda);
            MahalanobisModel batch = MahalanobisModel.fromMoments(batchMean, batchCovariance, lambda);
            for (double[] probe : new GaussianSamples(GaussianSamples.MEAN_5D, GaussianSamples.COVARIANCE_5D, 54).rows(50)) {
                double expected = batch.distanceSquared(probe);
                assertThat(online.distanceSquared(probe)).isCloseTo(expected, within(1e-9 * expected));
            }
            assertThat(online.trainingRows()).isEqualTo(2_000L);
            assertThat(online.shrinkageIntensity()).isEqualTo(lambda);
        }
    }

    @Test
    void rejectsIncompleteReadingsAndTooFewRows() {
        RunningMoments moments = RunningMoments.create(3);
        assertThatThrownBy(() -> moments.add(new double[2]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 values, expected 3");
        assertThatThrownBy(() -> moments.add(new double[] {1.0, Double.NaN, 2.0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("value 1 is NaN");
        assertThat(moments.count).isZero();

        moments.add(new double[] {1.0, 2.0, 3.0});
        assertThatThrownBy(moments::covariance)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at least 2 readings");
        assertThatThrownBy(() -> RunningMoments.create(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
