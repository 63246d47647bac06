package io.fleetanomaly.detectors.mahalanobis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.apache.commons.math3.stat.correlation.Covariance;
import org.junit.jupiter.api.Test;

class ShrinkageTest {

    @Test
    void ledoitWolfIntensityMatchesTheDirectFormula() {
        Random random = new Random(3);
        for (int trial = 0; trial < 20; trial++) {
            int n = 5 + random.nextInt(60);
            int d = 1 + random.nextInt(12);
            double[][] rows = randomCorrelatedRows(random, n, d);

            MahalanobisModel model = MahalanobisModel.fit(rows, Shrinkage.ledoitWolf());

            double expected = directLedoitWolfIntensity(rows);
            assertThat(model.shrinkageIntensity()).as("n=%d, d=%d", n, d).isCloseTo(expected, within(1e-10));
        }
    }

    @Test
    void ledoitWolfIntensityLiesInTheUnitInterval() {
        Random random = new Random(4);
        for (int trial = 0; trial < 40; trial++) {
            int n = 2 + random.nextInt(40);
            int d = 1 + random.nextInt(30);
            double[][] rows = randomCorrelatedRows(random, n, d);

            assertThat(MahalanobisModel.fit(rows, Shrinkage.ledoitWolf()).shrinkageIntensity())
                    .as("n=%d, d=%d", n, d)
                    .isBetween(0.0, 1.0);
        }
    }

    @Test
    void ledoitWolfIntensityIsSmallForManyRowsAndLargeForFewRowsInManyDimensions() {
        double[][] many = new GaussianSamples(GaussianSamples.MEAN_5D, GaussianSamples.COVARIANCE_5D, 41).rows(20_000);
        double manyRows = MahalanobisModel.fit(many, Shrinkage.ledoitWolf()).shrinkageIntensity();

        GaussianSamples wide = new GaussianSamples(new double[40], autoregressiveCovariance(40, 0.7), 42);
        double fewRows = MahalanobisModel.fit(wide.rows(10), Shrinkage.ledoitWolf()).shrinkageIntensity();
        double moreRows = MahalanobisModel.fit(wide.rows(400), Shrinkage.ledoitWolf()).shrinkageIntensity();

        assertThat(manyRows).isBetween(0.0, 0.01);
        assertThat(fewRows).isGreaterThan(0.25);
        assertThat(moreRows).isLessThan(0.1);
    }

    @Test
    void ledoitWolfShrinksFullyWhenTheTruthIsTheScaledIdentity() {
        double[][] diagonal = new double[40][40];
        for (int i = 0; i < 40; i++) {
            diagonal[i][i] = 4.0;
        }
        double[][] rows = new GaussianSamples(new double[40], diagonal, 47).rows(400);

        assertThat(MahalanobisModel.fit(rows, Shrinkage.ledoitWolf()).shrinkageIntensity()).isGreaterThan(0.8);
    }

    @Test
    void withoutShrinkageTheCovarianceIsTheSampleCovariance() {
        double[][] rows = new GaussianSamples(GaussianSamples.MEAN_5D, GaussianSamples.COVARIANCE_5D, 43).rows(300);
        double[][] expected = new Covariance(rows).getCovarianceMatrix().getData();

        double[][] actual = MahalanobisModel.fit(rows, Shrinkage.fixed(0.0)).covariance();

        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                assertThat(actual[i][j]).isCloseTo(expected[i][j], within(1e-10 * Math.abs(expected[i][i])));
            }
        }
    }

    @Test
    void fixedShrinkageMovesTheCovarianceTowardsTheScaledIdentity() {
        double[][] rows = new GaussianSamples(GaussianSamples.MEAN_5D, GaussianSamples.COVARIANCE_5D, 44).rows(300);
        double[][] sample = new Covariance(rows).getCovarianceMatrix().getData();
        double averageVariance = Covariances.trace(sample) / 5;

        double[][] shrunk = MahalanobisModel.fit(rows, Shrinkage.fixed(0.3)).covariance();
        double[][] full = MahalanobisModel.fit(rows, Shrinkage.fixed(1.0)).covariance();

        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                double target = i == j ? averageVariance : 0.0;
                assertThat(shrunk[i][j]).isCloseTo(0.7 * sample[i][j] + 0.3 * target, within(1e-9));
                assertThat(full[i][j]).isCloseTo(target, within(1e-9));
            }
        }
    }

    @Test
    void fitWithFixedShrinkageEqualsFromMomentsOfTheSameRows() {
        double[][] rows = new GaussianSamples(GaussianSamples.MEAN_5D, GaussianSamples.COVARIANCE_5D, 45).rows(300);
        double[] mean = new double[5];
        for (double[] row : rows) {
            for (int j = 0; j < 5; j++) {
                mean[j] += row[j] / rows.length;
            }
        }
        double[][] sample = new Covariance(rows).getCovarianceMatrix().getData();

        MahalanobisModel fitted = MahalanobisModel.fit(rows, Shrinkage.fixed(0.25));
        MahalanobisModel fromMoments = MahalanobisModel.fromMoments(mean, sample, 0.25);

        for (double[] probe : new GaussianSamples(GaussianSamples.MEAN_5D, GaussianSamples.COVARIANCE_5D, 46).rows(20)) {
            double expected = fromMoments.distanceSquared(probe);
            assertThat(fitted.distanceSquared(probe)).isCloseTo(expected, within(1e-9 * expected));
        }
        assertThat(fitted.trainingRows()).isEqualTo(300L);
        assertThat(fitted.shrinkageIntensity()).isEqualTo(0.25);
    }

    @Test
    void rejectsIntensitiesOutsideTheUnitInterval() {
        assertThatThrownBy(() -> Shrinkage.fixed(1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> Shrinkage.fixed(-0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Shrinkage.fixed(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Shrinkage.ledoitWolf().fixedIntensity()).isInstanceOf(IllegalStateException.class);
        assertThat(Shrinkage.fixed(0.4).fixedIntensity()).isEqualTo(0.4);
    }

    /**
     * Ledoit and Wolf (2004), Lemma 3.2 and 3.3, in their normalised Frobenius norm ‖A‖² = tr(AAᵀ)/d,
     * summing ‖xₖxₖᵀ − S‖² row by row.
     */
    private static double directLedoitWolfIntensity(double[][] rows) {
        int n = rows.length;
        int d = rows[0].length;
        double[] mean = new double[d];
        for (double[] row : rows) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / n;
            }
        }
        double[][] centred = new double[n][d];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < d; j++) {
                centred[k][j] = rows[k][j] - mean[j];
            }
        }
        double[][] s = new double[d][d];
        for (double[] x : centred) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    s[i][j] += x[i] * x[j] / n;
                }
            }
        }
        double m = 0.0;
        for (int i = 0; i < d; i++) {
            m += s[i][i] / d;
        }
        double dSquared = 0.0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double diff = s[i][j] - (i == j ? m : 0.0);
                dSquared += diff * diff / d;
            }
        }
        double bBarSquared = 0.0;
        for (double[] x : centred) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    double diff = x[i] * x[j] - s[i][j];
                    bBarSquared += diff * diff / d;
                }
            }
        }
        bBarSquared /= (double) n * n;
        double bSquared = Math.min(bBarSquared, dSquared);
        return dSquared == 0.0 ? 0.0 : bSquared / dSquared;
    }

    /** Correlation ρ^|i−j| with standard deviations rising from 0.5 to 3. */
    private static double[][] autoregressiveCovariance(int d, double rho) {
        double[][] covariance = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double sdI = 0.5 + 2.5 * i / (d - 1);
                double sdJ = 0.5 + 2.5 * j / (d - 1);
                covariance[i][j] = Math.pow(rho, Math.abs(i - j)) * sdI * sdJ;
            }
        }
        return covariance;
    }

    private static double[][] randomCorrelatedRows(Random random, int n, int d) {
        double[][] mixing = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                mixing[i][j] = random.nextGaussian() * (i == j ? 2.0 : 0.5);
            }
        }
        double[][] rows = new double[n][d];
        for (int k = 0; k < n; k++) {
            double[] z = new double[d];
            for (int j = 0; j < d; j++) {
                z[j] = random.nextGaussian();
            }
            for (int i = 0; i < d; i++) {
                double sum = 10.0 * i;
                for (int j = 0; j < d; j++) {
                    sum += mixing[i][j] * z[j];
                }
                rows[k][i] = sum;
            }
        }
        return rows;
    }
}
