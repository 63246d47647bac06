package io.fleetanomaly.detectors.iforest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fleetanomaly.bundle.BundleLoader;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The optimised scoring (complete trees or packed links, four trees walked at once, eight for a
 * complete forest's score without attribution) agrees with a plain walk of the public column arrays,
 * for forests whose tree counts do and do not divide by four and eight; and the two layouts give the
 * same bits.
 */
class ReferenceWalkTest {

    @Test
    void completeTreesAndPackedLinksGiveTheSameBits() {
        Random random = new Random(5);
        double[][] rows = SyntheticData.gaussian(2000, 6, 0.0, random);
        for (int psi : new int[] {1, 2, 7, 64, 256, 1000}) {
            for (int numTrees : new int[] {1, 3, 4, 8, 9, 12, 13, 100}) {
                IsolationForest forest = IsolationForestTrainer.builder()
                        .numTrees(numTrees).subsampleSize(psi).seed(psi * 31L + numTrees).build().fit(rows);
                assertSameBits(forest, queries(forest, 2000, random));
            }
        }
        for (String profile : new String[] {"telemetry", "industrial", "process", "service"}) {
            IsolationForest shipped = BundleLoader.load(BundleLoader.defaultLocation(profile)).isolationForest();
            assertSameBits(shipped, queries(shipped, 20_000, random));
        }
    }

    @Test
    void pathsAreRecordedOnlyForCompleteTreesAndMustBeBottomSlots() {
        Random random = new Random(8);
        double[][] rows = SyntheticData.gaussian(500, 3, 0.0, random);
        IsolationForest forest = IsolationForestTrainer.builder().numTrees(9).subsampleSize(64).seed(3).build().fit(rows);
        IsolationForest linked = new IsolationForest(forest.dimensions(), forest.subsampleSize(), forest.treeRoots(),
                forest.splitFeature(), forest.splitValue(), forest.left(), forest.right(), forest.leafSize(), -1);
        double[] x = rows[0];
        double[] attribution = new double[3];
        assertThat(linked.recordsPaths()).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> linked.scoreRecordingPaths(x, new int[9]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("complete trees");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> forest.scoreRecordingPaths(x, new int[8]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("9 slots");
        int[] paths = new int[9];
        forest.scoreRecordingPaths(x, paths);
        paths[4] = 0; // the root: not where a walk ends
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> forest.attributionOfPaths(paths, attribution))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a recorded path");
    }

    /** Gaussian points, points exactly on split values, NaN and infinite readings. */
    private static double[][] queries(IsolationForest forest, int count, Random random) {
        int dims = forest.dimensions();
        double[] splitValues = forest.splitValue();
        double[][] queries = new double[count][dims];
        for (double[] x : queries) {
            for (int d = 0; d < dims; d++) {
                int kind = random.nextInt(20);
                x[d] = kind == 0 ? Double.NaN
                        : kind == 1 ? (random.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY)
                        : kind < 8 ? splitValues[random.nextInt(splitValues.length)]
                        : random.nextGaussian() * (1 + random.nextInt(4));
            }
        }
        return queries;
    }

    private static void assertSameBits(IsolationForest forest, double[][] queries) {
        IsolationForest linked = new IsolationForest(forest.dimensions(), forest.subsampleSize(), forest.treeRoots(),
                forest.splitFeature(), forest.splitValue(), forest.left(), forest.right(), forest.leafSize(), -1);
        double[] attribution = new double[forest.dimensions()];
        double[] linkedAttribution = new double[forest.dimensions()];
        double[] pathAttribution = new double[forest.dimensions()];
        int[] paths = new int[forest.numTrees()];
        assertThat(forest.recordsPaths()).isTrue();
        int differing = 0;
        String first = null;
        for (double[] x : queries) {
            boolean same = sameBits(forest.meanPathLength(x), linked.meanPathLength(x))
                    & sameBits(forest.score(x), linked.score(x))
                    & sameBits(forest.score(x, attribution), linked.score(x, linkedAttribution))
                    & sameBits(forest.scoreRecordingPaths(x, paths), forest.score(x));
            // stale values from the last query must not leak into this one's attribution
            java.util.Arrays.fill(pathAttribution, Double.NaN);
            forest.attributionOfPaths(paths, pathAttribution);
            for (int d = 0; d < attribution.length; d++) {
                same &= sameBits(attribution[d], linkedAttribution[d]);
                same &= sameBits(pathAttribution[d], attribution[d]);
            }
            if (!same) {
                differing++;
                first = first != null ? first : java.util.Arrays.toString(x);
            }
        }
        assertThat(differing).as("queries whose scores or attributions differ, the first %s", first).isZero();
    }

    private static boolean sameBits(double a, double b) {
        return Double.doubleToRawLongBits(a) == Double.doubleToRawLongBits(b);
    }

    @Test
    void scoresAndAttributionMatchAPlainWalkOfTheColumnArrays() {
        Random random = new Random(21);
        double[][] rows = SyntheticData.gaussian(400, 5, 0.0, random);
        double[][] queries = SyntheticData.gaussian(50, 5, 0.0, random);
        queries[0] = new double[] {9, -9, 9, -9, 9};
        for (int numTrees = 1; numTrees <= 9; numTrees++) {
            IsolationForest forest = IsolationForestTrainer.builder()
                    .numTrees(numTrees).subsampleSize(64).seed(numTrees).build().fit(rows);
            ReferenceWalk reference = new ReferenceWalk(forest);
            double[] attribution = new double[5];
            for (double[] x : queries) {
                double expectedMean = reference.meanPathLength(x);
                assertThat(forest.meanPathLength(x)).isCloseTo(expectedMean, within(1e-12));
                assertThat(forest.score(x))
                        .isCloseTo(Math.pow(2, -expectedMean / IsolationForest.averagePathLength(64)), within(1e-12));
                forest.score(x, attribution);
                assertThat(attribution).containsExactly(reference.attribution(x), within(1e-12));
            }
        }
    }

    /** Straightforward recursion over the column arrays, no precomputation. */
    private static final class ReferenceWalk {
        private final IsolationForest forest;
        private final int[] splitFeature;
        private final double[] splitValue;
        private final int[] left;
        private final int[] right;
        private final int[] leafSize;

        ReferenceWalk(IsolationForest forest) {
            this.forest = forest;
            this.splitFeature = forest.splitFeature();
            this.splitValue = forest.splitValue();
            this.left = forest.left();
            this.right = forest.right();
            this.leafSize = forest.leafSize();
        }

        double meanPathLength(double[] x) {
            double sum = 0;
            for (int root : forest.treeRoots()) {
                int node = root;
                int depth = 0;
                while (splitFeature[node] != -1) {
                    node = next(node, x);
                    depth++;
                }
                sum += depth + IsolationForest.averagePathLength(leafSize[node]);
            }
            return sum / forest.numTrees();
        }

        double[] attribution(double[] x) {
            double[] bits = new double[forest.dimensions()];
            double total = 0;
            for (int root : forest.treeRoots()) {
                int node = root;
                while (splitFeature[node] != -1) {
                    int child = next(node, x);
                    double b = Math.log((double) samples(node) / samples(child)) / Math.log(2);
                    bits[splitFeature[node]] += b;
                    total += b;
                    node = child;
                }
            }
            for (int d = 0; d < bits.length && total > 0; d++) {
                bits[d] /= total;
            }
            return bits;
        }

        private int next(int node, double[] x) {
            return x[splitFeature[node]] <= splitValue[node] ? left[node] : right[node];
        }

        private int samples(int node) {
            return splitFeature[node] == -1 ? leafSize[node] : samples(left[node]) + samples(right[node]);
        }
    }
}
