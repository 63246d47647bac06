package io.fleetanomaly.detectors.iforest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsolationForestTrainerTest {

    @Test
    void separatesFarAwayPointsFromAGaussianCloud() {
        Random random = new Random(7);
        double[][] normal = SyntheticData.gaussian(2000, 6, 0.0, random);
        double[][] anomalies = SyntheticData.gaussian(100, 6, 4.0, random);
        double[][] training = concat(normal, anomalies);

        IsolationForest forest = IsolationForestTrainer.builder().build().fit(training);

        double[] normalScores = Arrays.stream(normal).mapToDouble(forest::score).toArray();
        double[] anomalyScores = Arrays.stream(anomalies).mapToDouble(forest::score).toArray();
        assertThat(SyntheticData.auc(normalScores, anomalyScores)).isGreaterThanOrEqualTo(0.95);
        assertThat(Arrays.stream(anomalyScores).average().orElseThrow())
                .isGreaterThan(Arrays.stream(normalScores).average().orElseThrow());
    }

    @Test
    void defaultsAreOneHundredTreesOf256Samples() {
        double[][] rows = SyntheticData.gaussian(1000, 3, 0.0, new Random(1));
        IsolationForest forest = IsolationForestTrainer.builder().build().fit(rows);
        assertThat(forest.numTrees()).isEqualTo(100);
        assertThat(forest.subsampleSize()).isEqualTo(256);
        assertThat(forest.dimensions()).isEqualTo(3);
        assertThat(IsolationForestTrainer.builder().build().seed()).isEqualTo(42L);
    }

    @Test
    void subsampleIsCappedToTheNumberOfRows() {
        double[][] rows = SyntheticData.gaussian(10, 2, 0.0, new Random(1));
        IsolationForest forest = IsolationForestTrainer.builder().numTrees(5).build().fit(rows);
        assertThat(forest.subsampleSize()).isEqualTo(10);
    }

    @Test
    void everyTreeHoldsPsiSamplesWithinTheHeightLimit() {
        double[][] rows = SyntheticData.gaussian(500, 4, 0.0, new Random(3));
        IsolationForest forest =
                IsolationForestTrainer.builder().numTrees(20).subsampleSize(100).build().fit(rows);
        int heightLimit = 7; // ceil(log2 100)
        int[] splitFeature = forest.splitFeature();
        int[] left = forest.left();
        int[] right = forest.right();
        int[] leafSize = forest.leafSize();
        for (int root : forest.treeRoots()) {
            int[] samplesAndMaxDepth = walk(root, 0, splitFeature, left, right, leafSize);
            assertThat(samplesAndMaxDepth[0]).isEqualTo(100);
            assertThat(samplesAndMaxDepth[1]).isLessThanOrEqualTo(heightLimit);
        }
        assertThat(forest.numNodes()).isGreaterThan(20 * 2 * heightLimit);
    }

    /** Returns {training samples in the subtree's leaves, deepest leaf depth}. */
    private static int[] walk(int node, int depth, int[] splitFeature, int[] left, int[] right, int[] leafSize) {
        if (splitFeature[node] == -1) {
            return new int[] {leafSize[node], depth};
        }
        int[] l = walk(left[node], depth + 1, splitFeature, left, right, leafSize);
        int[] r = walk(right[node], depth + 1, splitFeature, left, right, leafSize);
        return new int[] {l[0] + r[0], Math.max(l[1], r[1])};
    }

    @Test
    void splitsTwoDistinctValuesInsideMinInclusiveMaxExclusive() {
        double[][] rows = {{0.0}, {1.0}};
        IsolationForest forest = IsolationForestTrainer.builder().numTrees(50).build().fit(rows);
        int[] splitFeature = forest.splitFeature();
        double[] splitValue = forest.splitValue();
        int[] leafSize = forest.leafSize();
        for (int root : forest.treeRoots()) {
            assertThat(splitFeature[root]).isEqualTo(0);
            assertThat(splitValue[root]).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
            assertThat(leafSize[forest.left()[root]]).isEqualTo(1);
            assertThat(leafSize[forest.right()[root]]).isEqualTo(1);
        }
    }

    @Test
    void neverSplitsOnAConstantFeature() {
        Random random = new Random(5);
        double[][] rows = new double[300][3];
        for (double[] row : rows) {
            row[0] = random.nextGaussian();
            row[1] = 2.5;
            row[2] = random.nextGaussian();
        }
        IsolationForest forest = IsolationForestTrainer.builder().numTrees(30).build().fit(rows);
        assertThat(forest.splitFeature()).doesNotContain(1).contains(0, 2);
    }

    @Test
    void identicalRowsGiveSingleLeafTreesScoringOneHalf() {
        double[][] rows = new double[40][];
        Arrays.fill(rows, new double[] {1.0, -2.0});
        IsolationForest forest = IsolationForestTrainer.builder().numTrees(10).build().fit(rows);
        assertThat(forest.numNodes()).isEqualTo(10);
        assertThat(forest.leafSize()).containsOnly(40);
        assertThat(forest.score(new double[] {100.0, 100.0})).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void sameSeedGivesTheSameForestAndAnotherSeedAnotherForest() {
        double[][] rows = SyntheticData.gaussian(1000, 5, 0.0, new Random(11));
        IsolationForest first = IsolationForestTrainer.builder().seed(123).build().fit(rows);
        IsolationForest second = IsolationForestTrainer.builder().seed(123).build().fit(rows);
        IsolationForest other = IsolationForestTrainer.builder().seed(124).build().fit(rows);

        assertThat(second.treeRoots()).isEqualTo(first.treeRoots());
        assertThat(second.splitFeature()).isEqualTo(first.splitFeature());
        assertThat(second.splitValue()).isEqualTo(first.splitValue());
        assertThat(second.left()).isEqualTo(first.left());
        assertThat(second.right()).isEqualTo(first.right());
        assertThat(second.leafSize()).isEqualTo(first.leafSize());

        assertThat(other.splitValue()).isNotEqualTo(first.splitValue());
        assertThat(other.score(rows[0])).isNotEqualTo(first.score(rows[0]));
    }

    @Test
    void fittingDoesNotModifyTheRows() {
        double[][] rows = SyntheticData.gaussian(300, 3, 0.0, new Random(2));
        double[][] copy = Arrays.stream(rows).map(double[]::clone).toArray(double[][]::new);
        IsolationForestTrainer.builder().numTrees(10).build().fit(rows);
        assertThat(rows).isDeepEqualTo(copy);
    }

    @Test
    void attributionPointsAtTheOnlyAnomalousDimension() {
        Random random = new Random(13);
        double[][] normal = SyntheticData.gaussian(2000, 6, 0.0, random);
        IsolationForest forest = IsolationForestTrainer.builder().build().fit(normal);
        double[] attribution = new double[6];

        forest.score(new double[] {0, 0, 0, 6, 0, 0}, attribution);
        assertThat(argMax(attribution)).as("attribution %s", Arrays.toString(attribution)).isEqualTo(3);
        assertThat(attribution[3]).isGreaterThan(0.3); // a uniform share would be 1/6

        // Points typical elsewhere but far out in dimension 3. Some are legitimately unusual in
        // another dimension too, so ask for a large majority, not all.
        int pointingAtThree = 0;
        double shareOfThree = 0.0;
        double[][] queries = SyntheticData.gaussian(100, 6, 0.0, random);
        for (double[] x : queries) {
            x[3] = 6.0;
            forest.score(x, attribution);
            assertThat(Arrays.stream(attribution).sum()).isCloseTo(1.0, within(1e-9));
            assertThat(Arrays.stream(attribution).min().orElseThrow()).isGreaterThanOrEqualTo(0.0);
            if (argMax(attribution) == 3) {
                pointingAtThree++;
            }
            shareOfThree += attribution[3];
        }
        assertThat(pointingAtThree).isGreaterThanOrEqualTo(85);
        assertThat(shareOfThree / queries.length).isGreaterThan(0.3);
    }

    private static int argMax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    @Test
    void rejectsEmptyRaggedAndNonFiniteData() {
        IsolationForestTrainer trainer = IsolationForestTrainer.builder().build();
        assertThatThrownBy(() -> trainer.fit(new double[0][]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no training rows");
        assertThatThrownBy(() -> trainer.fit(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no training rows");
        assertThatThrownBy(() -> trainer.fit(new double[][] {{}, {}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no columns");
        assertThatThrownBy(() -> trainer.fit(new double[][] {{1, 2}, {3}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ragged training rows: row 1 has 1 values, row 0 has 2");
        assertThatThrownBy(() -> trainer.fit(new double[][] {{1, 2}, null}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("training row 1 is null");
        assertThatThrownBy(() -> trainer.fit(new double[][] {{1, 2}, {3, Double.NaN}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-finite training value NaN at row 1, column 1");
        assertThatThrownBy(() -> trainer.fit(new double[][] {{Double.NEGATIVE_INFINITY, 2}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-finite training value -Infinity at row 0, column 0");
    }

    @Test
    void builderRejectsNonPositiveSizes() {
        assertThatThrownBy(() -> IsolationForestTrainer.builder().numTrees(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("numTrees must be >= 1");
        assertThatThrownBy(() -> IsolationForestTrainer.builder().subsampleSize(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subsampleSize must be >= 1");
    }

    @Test
    void heightLimitIsCeilingOfLog2() {
        assertThat(IsolationForestTrainer.ceilLog2(1)).isEqualTo(0);
        assertThat(IsolationForestTrainer.ceilLog2(2)).isEqualTo(1);
        assertThat(IsolationForestTrainer.ceilLog2(100)).isEqualTo(7);
        assertThat(IsolationForestTrainer.ceilLog2(256)).isEqualTo(8);
        assertThat(IsolationForestTrainer.ceilLog2(257)).isEqualTo(9);
    }

    private static double[][] concat(double[][] a, double[][] b) {
        double[][] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
