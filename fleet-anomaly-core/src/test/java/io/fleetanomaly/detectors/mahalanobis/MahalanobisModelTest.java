package io.fleetanomaly.detectors.mahalanobis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.junit.jupiter.api.Test;

class MahalanobisModelTest {
    private static final double[] MEAN_4D = {1.0, -2.0, 0.5, 3.0};
    /** Eigenvalues 0.81 to 4.79, so the ridge moves d² by less than 4e-10 relative. */
    private static final double[][] COVARIANCE_4D = {
        {4.0, 1.2, -0.8, 0.5},
        {1.2, 2.5, 0.3, -0.4},
        {-0.8, 0.3, 1.5, 0.2},
        {0.5, -0.4, 0.2, 3.0},
    };

    @Test
    void distanceSquaredEqualsTheClosedFormWithTheInverseCovariance() {
        MahalanobisModel model = MahalanobisModel.fromMoments(MEAN_4D, COVARIANCE_4D, 0.0);
        RealMatrix inverse = new LUDecomposition(new Array2DRowRealMatrix(COVARIANCE_4D)).getSolver().getInverse();
        Random random = new Random(11);
        for (int trial = 0; trial < 200; trial++) {
            double[] x = new double[4];
            for (int j = 0; j < 4; j++) {
                x[j] = MEAN_4D[j] + 5.0 * random.nextGaussian();
            }
            RealVector r = new ArrayRealVector(x).subtract(new ArrayRealVector(MEAN_4D));
            double expected = r.dotProduct(inverse.operate(r));

            assertThat(model.distanceSquared(x)).isCloseTo(expected, within(1e-9 * expected));
        }
    }

    @Test
    void distanceSquaredIsZeroAtTheMeanAndGrowsQuadratically() {
        MahalanobisModel model = MahalanobisModel.fromMoments(MEAN_4D, COVARIANCE_4D, 0.0);
        assertThat(model.distanceSquared(MEAN_4D)).isZero();

        double[] step = {0.3, -0.1, 0.7, 0.2};
        double[] once = new double[4];
        double[] thrice = new double[4];
        for (int j = 0; j < 4; j++) {
            once[j] = MEAN_4D[j] + step[j];
            thrice[j] = MEAN_4D[j] + 3.0 * step[j];
        }
        assertThat(model.distanceSquared(thrice)).isCloseTo(9.0 * model.distanceSquared(once), within(1e-12));
    }

    @Test
    void contributionsSumToDistanceSquared() {
        MahalanobisModel model = fittedOn5dGaussian(Shrinkage.ledoitWolf(), 2_000, 3);
        Random random = new Random(5);
        double[] contributions = new double[5];
        for (int trial = 0; trial < 500; trial++) {
            double scale = trial < 250 ? 1.0 : 50.0;
            double[] x = new double[5];
            for (int j = 0; j < 5; j++) {
                x[j] = GaussianSamples.MEAN_5D[j] + scale * Math.sqrt(GaussianSamples.COVARIANCE_5D[j][j])
                        * random.nextGaussian();
            }
            double d2 = model.distanceSquared(x, contributions);

            double sum = 0.0;
            for (double c : contributions) {
                sum += c;
            }
            assertThat(sum).isCloseTo(d2, within(1e-9 * d2));
        }
    }

    @Test
    void contributionsPointAtTheSensorThatMoved() {
        MahalanobisModel model = MahalanobisModel.fromMoments(new double[3], GaussianSamples.identity(3), 0.0);
        double[] contributions = new double[3];

        double d2 = model.distanceSquared(new double[] {0.0, 4.0, 0.0}, contributions);

        assertThat(d2).isCloseTo(16.0, within(1e-8));
        assertThat(contributions[1]).isCloseTo(16.0, within(1e-8));
        assertThat(contributions[0]).isZero();
        assertThat(contributions[2]).isZero();
    }

    @Test
    void staticKernelGivesTheSameResultAsTheModel() {
        MahalanobisModel model = fittedOn5dGaussian(Shrinkage.ledoitWolf(), 1_000, 17);
        double[] mean = model.mean();
        double[] lower = model.lowerCholesky();
        double[] scratch = new double[5];
        GaussianSamples fresh = new GaussianSamples(GaussianSamples.MEAN_5D, GaussianSamples.COVARIANCE_5D, 18);
        for (int trial = 0; trial < 100; trial++) {
            double[] x = fresh.next();
            double[] modelContributions = new double[5];
            double[] kernelContributions = new double[5];

            double fromModel = model.distanceSquared(x, modelContributions);
            double fromKernel = MahalanobisModel.distanceSquared(mean, lower, x, scratch, kernelContributions);
            double withoutContributions = MahalanobisModel.distanceSquared(mean, lower, x, scratch, null);

            assertThat(fromKernel).isEqualTo(fromModel);
            assertThat(withoutContributions).isEqualTo(fromModel);
            assertThat(kernelContributions).containsExactly(modelContributions);
            assertThat(model.distanceSquared(x, scratch, null)).isEqualTo(fromModel);
        }
    }

    @Test
    void choleskyFactorReconstructsTheCovariancePlusTheRidge() {
        double[] lower = MahalanobisModel.choleskyLower(COVARIANCE_4D);
        double ridge = MahalanobisModel.RELATIVE_RIDGE * (4.0 + 2.5 + 1.5 + 3.0) / 4;
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                if (j > i) {
                    assertThat(lower[i * 4 + j]).isZero();
                }
                double product = 0.0;
                for (int k = 0; k < 4; k++) {
                    product += lower[i * 4 + k] * lower[j * 4 + k];
                }
                double expected = COVARIANCE_4D[i][j] + (i == j ? ridge : 0.0);
                assertThat(product).isCloseTo(expected, within(1e-14));
            }
        }
    }

    @Test
    void fractionOfSmallPValuesOnNormalGaussianDataMatchesTheLevel() {
        int n = 20_000;
        MahalanobisModel model = fittedOn5dGaussian(Shrinkage.ledoitWolf(), n, 101);
        GaussianSamples fresh = new GaussianSamples(GaussianSamples.MEAN_5D, GaussianSamples.COVARIANCE_5D, 202);
        int below = 0;
        double sumOfD2 = 0.0;
        for (int r = 0; r < n; r++) {
            double d2 = model.distanceSquared(fresh.next());
            sumOfD2 += d2;
            if (model.pValue(d2) < 0.01) {
                below++;
            }
        }
        double fraction = below / (double) n;
        double bound = 4.0 * Math.sqrt(0.01 * 0.99 / n);

        assertThat(fraction).isBetween(0.01 - bound, 0.01 + bound);
        // χ²(5) has mean 5 and variance 10: the average of n draws is within 5 standard errors.
        assertThat(sumOfD2 / n).isCloseTo(5.0, within(5.0 * Math.sqrt(10.0 / n)));
    }

    @Test
    void duplicatedColumnStillGivesFiniteDistances() {
        double[][] rows = new GaussianSamples(GaussianSamples.MEAN_5D, GaussianSamples.COVARIANCE_5D, 7).rows(500);
        double[][] withDuplicate = appendColumn(rows, row -> row[0]);
        double[][] probes = new GaussianSamples(GaussianSamples.MEAN_5D, GaussianSamples.COVARIANCE_5D, 8).rows(50);

        for (Shrinkage shrinkage : new Shrinkage[] {Shrinkage.fixed(0.0), Shrinkage.ledoitWolf()}) {
            MahalanobisModel model = MahalanobisModel.fit(withDuplicate, shrinkage);
            for (double[] probe : probes) {
                double consistent = model.distanceSquared(appendColumn(probe, probe[0]));
                double breaksTheDuplicate = model.distanceSquared(appendColumn(probe, probe[0] + 1.0));

                assertThat(consistent).isFinite().isGreaterThanOrEqualTo(0.0);
                assertThat(breaksTheDuplicate).isFinite().isGreaterThan(consistent);
            }
        }
    }

    @Test
    void duplicatedColumnWithoutShrinkageScoresConsistentPointsLikeTheModelWithoutIt() {
        double[][] rows = new GaussianSamples(GaussianSamples.MEAN_5D, GaussianSamples.COVARIANCE_5D, 9).rows(500);
        MahalanobisModel reduced = MahalanobisModel.fit(rows, Shrinkage.fixed(0.0));
        MahalanobisModel withDuplicate = MahalanobisModel.fit(appendColumn(rows, row -> row[2]), Shrinkage.fixed(0.0));
        GaussianSamples probes = new GaussianSamples(GaussianSamples.MEAN_5D, GaussianSamples.COVARIANCE_5D, 10);
        for (int trial = 0; trial < 50; trial++) {
            double[] probe = probes.next();
            double expected = reduced.distanceSquared(probe);

            assertThat(withDuplicate.distanceSquared(appendColumn(probe, probe[2])))
                    .isCloseTo(expected, within(1e-6 * expected));
        }
    }

    @Test
    void constantColumnStillGivesFiniteDistances() {
        double[][] rows = new GaussianSamples(GaussianSamples.MEAN_5D, GaussianSamples.COVARIANCE_5D, 12).rows(500);
        double[][] withConstant = appendColumn(rows, row -> 0.1);

        for (Shrinkage shrinkage : new Shrinkage[] {Shrinkage.fixed(0.0), Shrinkage.ledoitWolf()}) {
            MahalanobisModel model = MahalanobisModel.fit(withConstant, shrinkage);
            double[] probe = model.mean();
            double[] constantMoved = model.mean();
            constantMoved[5] += 0.1;
            double[][] covariance = model.covariance();
            double ridge = MahalanobisModel.RELATIVE_RIDGE * Covariances.trace(covariance) / 6;
            // The constant column is uncorrelated with the others, so it alone carries the move.
            double expected = 0.1 * 0.1 / (covariance[5][5] + ridge);
            double[] contributions = new double[6];

            assertThat(model.distanceSquared(probe)).isZero();
            double moved = model.distanceSquared(constantMoved, contributions);
            assertThat(moved).isFinite().isCloseTo(expected, within(1e-6 * expected));
            assertThat(contributions[5]).isCloseTo(expected, within(1e-6 * expected));
        }
        MahalanobisModel unshrunk = MahalanobisModel.fit(withConstant, Shrinkage.fixed(0.0));
        assertThat(unshrunk.distanceSquared(appendColumn(GaussianSamples.MEAN_5D, 0.2))).isFinite().isGreaterThan(1e6);
    }

    @Test
    void everyColumnConstantStillFactorises() {
        double[][] rows = new double[10][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = new double[] {3.0, 0.0, -1.5};
        }
        MahalanobisModel model = MahalanobisModel.fit(rows, Shrinkage.ledoitWolf());

        assertThat(model.distanceSquared(new double[] {3.0, 0.0, -1.5})).isZero();
        assertThat(model.distanceSquared(new double[] {3.0, 1.0, -1.5})).isFinite().isGreaterThan(1e6);
    }

    @Test
    void linearlyDependentColumnStillGivesFiniteDistances() {
        double[][] rows = new GaussianSamples(GaussianSamples.MEAN_5D, GaussianSamples.COVARIANCE_5D, 13).rows(300);
        double[][] withSum = appendColumn(rows, row -> row[0] + 2.0 * row[3] - row[4]);
        MahalanobisModel model = MahalanobisModel.fit(withSum, Shrinkage.fixed(0.0));
        GaussianSamples probes = new GaussianSamples(GaussianSamples.MEAN_5D, GaussianSamples.COVARIANCE_5D, 14);
        for (int trial = 0; trial < 50; trial++) {
            double[] probe = probes.next();
            assertThat(model.distanceSquared(appendColumn(probe, probe[0] + 2.0 * probe[3] - probe[4])))
                    .isFinite()
                    .isGreaterThanOrEqualTo(0.0);
        }
    }

    @Test
    void pValueMatchesChiSquaredQuantiles() {
        MahalanobisModel model = MahalanobisModel.fromMoments(new double[5], GaussianSamples.identity(5), 0.0);

        // Upper 1% and 5% points of χ²(5).
        assertThat(model.pValue(15.0862724693)).isCloseTo(0.01, within(1e-9));
        assertThat(model.pValue(11.0704976935)).isCloseTo(0.05, within(1e-9));
        assertThat(model.pValue(0.0)).isEqualTo(1.0);
        assertThat(model.pValue(Double.NaN)).isNaN();
    }

    @Test
    void logPValueMatchesHighPrecisionReferenceValues() {
        // ln Q(k/2, d²/2) from mpmath at 50 digits.
        assertLogPValue(5, 15.0862724693, -4.6051701859513582907);
        assertLogPValue(5, 100.0, -44.386801168872642925);
        assertLogPValue(5, 1e3, -490.95977222581947641);
        assertLogPValue(5, 1e4, -4987.508593098351561);
        assertLogPValue(5, 1e6, -499980.60113480436793);
        assertLogPValue(1, 1e6, -500007.13354763162436);
        assertLogPValue(50, 2000.0, -888.97433515176622994);
        assertLogPValue(30, 60.0, -6.9903954279263980517);
    }

    @Test
    void logPValueOfTwoDimensionsIsMinusHalfTheDistance() {
        MahalanobisModel model = MahalanobisModel.fromMoments(new double[2], GaussianSamples.identity(2), 0.0);
        for (double d2 : new double[] {0.5, 3.0, 7.9, 100.0, 1500.0, 123_456.0}) {
            assertThat(model.logPValue(d2)).isCloseTo(-d2 / 2.0, within(1e-12 * d2));
        }
    }

    @Test
    void logPValueIsFiniteAndDecreasingUpToAMillion() {
        for (int d : new int[] {1, 2, 5, 12, 40}) {
            MahalanobisModel model = MahalanobisModel.fromMoments(new double[d], GaussianSamples.identity(d), 0.0);
            double previous = model.logPValue(0.0);
            assertThat(previous).isZero();
            for (double d2 = 1e-3; d2 <= 1e6; d2 *= 1.05) {
                double logP = model.logPValue(d2);
                assertThat(logP).as("d=%d, d2=%s", d, d2).isFinite().isLessThanOrEqualTo(previous);
                if (d2 >= 1.0) {
                    assertThat(logP).as("d=%d, d2=%s", d, d2).isLessThan(previous);
                }
                previous = logP;
            }
            assertThat(model.logPValue(1e6)).isFinite().isLessThan(-4e5);
            assertThat(MahalanobisModel.chiSquaredLogSurvival(d, 1234.5)).isEqualTo(model.logPValue(1234.5));
        }
    }

    @Test
    void logPValueAgreesWithPValueWhereThatIsRepresentable() {
        MahalanobisModel model = fittedOn5dGaussian(Shrinkage.ledoitWolf(), 200, 21);
        for (double d2 = 0.01; d2 < 60.0; d2 += 0.37) {
            double p = model.pValue(d2);
            double logP = model.logPValue(d2);
            // pValue is 1 − CDF, exact to about 1e-16 absolute; its logarithm only while p is not tiny.
            assertThat(Math.exp(logP)).isCloseTo(p, within(1e-14));
            if (p > 1e-4) {
                assertThat(logP).isCloseTo(Math.log(p), within(1e-10));
            }
        }
    }

    @Test
    void javaSerializationKeepsScoresAndPValues() throws Exception {
        MahalanobisModel model = fittedOn5dGaussian(Shrinkage.ledoitWolf(), 1_000, 31);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(model);
        }
        MahalanobisModel copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (MahalanobisModel) in.readObject();
        }

        double[] x = new GaussianSamples(GaussianSamples.MEAN_5D, GaussianSamples.COVARIANCE_5D, 32).next();
        double d2 = model.distanceSquared(x);
        assertThat(copy.distanceSquared(x)).isEqualTo(d2);
        assertThat(copy.pValue(d2)).isEqualTo(model.pValue(d2)).isBetween(0.0, 1.0);
        assertThat(copy.pValue(15.0862724693)).isCloseTo(0.01, within(1e-9));
        assertThat(copy.logPValue(d2)).isEqualTo(model.logPValue(d2));
        assertThat(copy.shrinkageIntensity()).isEqualTo(model.shrinkageIntensity());
        assertThat(copy.trainingRows()).isEqualTo(1_000L);
    }

    @Test
    void accessorsReturnCopies() {
        MahalanobisModel model = MahalanobisModel.fromMoments(MEAN_4D, COVARIANCE_4D, 0.2, 77);
        model.mean()[0] = 1e9;
        model.covariance()[1][1] = 1e9;
        model.lowerCholesky()[0] = 1e9;

        assertThat(model.mean()).containsExactly(MEAN_4D);
        assertThat(model.covariance()[1][1]).isEqualTo(0.8 * 2.5 + 0.2 * 11.0 / 4);
        assertThat(model.dimensions()).isEqualTo(4);
        assertThat(model.shrinkageIntensity()).isEqualTo(0.2);
        assertThat(model.trainingRows()).isEqualTo(77L);
        assertThat(model.distanceSquared(MEAN_4D)).isZero();
    }

    @Test
    void rejectsUnusableInput() {
        assertThatThrownBy(() -> MahalanobisModel.fit(new double[][] {{1.0, 2.0}}, Shrinkage.ledoitWolf()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 2 training rows");
        assertThatThrownBy(() -> MahalanobisModel.fit(new double[][] {{1.0, 2.0}, {1.0}}, Shrinkage.ledoitWolf()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row 1 has 1 values, expected 2");
        assertThatThrownBy(() -> MahalanobisModel.fit(new double[][] {{1.0, 2.0}, {Double.NaN, 1.0}},
                        Shrinkage.ledoitWolf()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row 1, column 0 is NaN");
        assertThatThrownBy(() -> MahalanobisModel.fromMoments(MEAN_4D, COVARIANCE_4D, 1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> MahalanobisModel.fromMoments(new double[3], COVARIANCE_4D, 0.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mean has 3 values but covariance is 4x4");
        assertThatThrownBy(() -> MahalanobisModel.fromMoments(new double[2], new double[][] {{1.0, 0.5}, {0.4, 1.0}}, 0.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not symmetric");
        assertThatThrownBy(() -> MahalanobisModel.choleskyLower(new double[][] {{1.0, 2.0}, {2.0, 1.0}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not positive definite");
        MahalanobisModel model = MahalanobisModel.fromMoments(MEAN_4D, COVARIANCE_4D, 0.0);
        assertThatThrownBy(() -> model.distanceSquared(new double[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x has 3 values");
    }

    private static void assertLogPValue(int d, double d2, double expected) {
        MahalanobisModel model = MahalanobisModel.fromMoments(new double[d], GaussianSamples.identity(d), 0.0);
        assertThat(model.logPValue(d2)).as("d=%d, d2=%s", d, d2).isCloseTo(expected, within(1e-10 * Math.abs(expected)));
    }

    private static MahalanobisModel fittedOn5dGaussian(Shrinkage shrinkage, int n, long seed) {
        double[][] rows = new GaussianSamples(GaussianSamples.MEAN_5D, GaussianSamples.COVARIANCE_5D, seed).rows(n);
        return MahalanobisModel.fit(rows, shrinkage);
    }

    private static double[] appendColumn(double[] row, double value) {
        double[] extended = java.util.Arrays.copyOf(row, row.length + 1);
        extended[row.length] = value;
        return extended;
    }

    private static double[][] appendColumn(double[][] rows, java.util.function.ToDoubleFunction<double[]> column) {
        double[][] extended = new double[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            extended[r] = appendColumn(rows[r], column.applyAsDouble(rows[r]));
        }
        return extended;
    }
}
