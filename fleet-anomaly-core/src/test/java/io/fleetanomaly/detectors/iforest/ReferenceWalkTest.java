package io.fleetanomaly.detectors.iforest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The optimised scoring (packed arrays, four trees walked at once) agrees with a plain walk of the
 * public column arrays, for forests whose tree counts do and do not divide by four.
 */
class ReferenceWalkTest {

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
