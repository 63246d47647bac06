package io.fleetanomaly.detectors.iforest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class IsolationForestTest {
    private static final double EXACT = 1e-12;

    @Test
    void averagePathLengthOfTinySetsIsAsScikitLearn() {
        assertThat(IsolationForest.averagePathLength(0)).isEqualTo(0.0);
        assertThat(IsolationForest.averagePathLength(1)).isEqualTo(0.0);
        assertThat(IsolationForest.averagePathLength(2)).isEqualTo(1.0);
    }

    @Test
    void averagePathLengthMatchesHandWorkedValues() {
        // c(3) = 2 (ln 2 + 0.5772156649) - 2*2/3 = 2 * 1.2703628455 - 1.3333333333 = 1.2073923576
        assertThat(IsolationForest.averagePathLength(3)).isCloseTo(1.2073923576, within(1e-9));
        // c(10) = 2 (ln 9 + 0.5772156649) - 2*9/10 = 2 * 2.7744402422 - 1.8 = 3.7488804845
        assertThat(IsolationForest.averagePathLength(10)).isCloseTo(3.7488804845, within(1e-9));
        // c(256) = 2 (ln 255 + 0.5772156649) - 2*255/256 = 2 * 6.1184792101 - 1.9921875 = 10.2447709201
        assertThat(IsolationForest.averagePathLength(256)).isCloseTo(10.2447709201, within(1e-9));
    }

    @Test
    void oneSplitTreeScoresByDepthPlusLeafAdjustment() {
        IsolationForest forest = HandBuiltForests.oneSplit();
        // c(4) = 2 (ln 3 + 0.5772156649) - 2*3/4 = 1.8516559071

        // Left leaf, 1 sample: h = 1 + c(1) = 1; score = 2^(-1 / 1.8516559071) = 0.6877436678
        assertThat(forest.meanPathLength(new double[] {0.2, 9.0})).isCloseTo(1.0, within(EXACT));
        assertThat(forest.score(new double[] {0.2, 9.0})).isCloseTo(0.6877436678, within(1e-9));

        // Right leaf, 3 samples: h = 1 + c(3) = 2.2073923576; score = 2^(-2.2073923576 / 1.8516559071)
        assertThat(forest.meanPathLength(new double[] {0.7, 9.0})).isCloseTo(2.2073923576, within(1e-9));
        assertThat(forest.score(new double[] {0.7, 9.0})).isCloseTo(0.4376598632, within(1e-9));
    }

    @Test
    void valueEqualToTheSplitValueGoesLeft() {
        IsolationForest forest = HandBuiltForests.oneSplit();
        assertThat(forest.meanPathLength(new double[] {0.5, 0.0})).isCloseTo(1.0, within(EXACT));
        assertThat(forest.meanPathLength(new double[] {Math.nextUp(0.5), 0.0}))
                .isCloseTo(2.2073923576, within(1e-9));
    }

    @Test
    void twoTreesAverageTheirPathLengths() {
        IsolationForest forest = HandBuiltForests.twoTrees();
        // Tree 0: right leaf, h = 1 + c(3) = 2.2073923576. Tree 1: x1 = 3 > 0, x0 = 0.7 <= 1,
        // leaf 6 (1 sample) at depth 2, h = 2. Mean 2.1036961788; score 2^(-2.1036961788 / c(4)).
        double[] x = {0.7, 3.0};
        assertThat(forest.meanPathLength(x)).isCloseTo(2.1036961788, within(1e-9));
        assertThat(forest.score(x)).isCloseTo(0.4549827806, within(1e-9));

        // Tree 0: left leaf, h = 1. Tree 1: x1 = -1 <= 0, leaf 4 (2 samples), h = 1 + c(2) = 2.
        // Mean 1.5; score 2^(-1.5 / 1.8516559071) = 0.5703479707.
        double[] y = {0.2, -1.0};
        assertThat(forest.meanPathLength(y)).isCloseTo(1.5, within(EXACT));
        assertThat(forest.score(y)).isCloseTo(0.5703479707, within(1e-9));
    }

    @Test
    void attributionGivesEachSplitTheBitsItIsolatedXBy() {
        IsolationForest forest = HandBuiltForests.twoTrees();
        double[] attribution = new double[2];
        // (0.7, 3). Tree 0: root (4 samples) on x0 sends x to the leaf of 3: log2(4/3) = 0.4150375
        // bits to x0. Tree 1: root (4) on x1 sends x to node 5 (2): 1 bit to x1; node 5 on x0 sends
        // x to leaf 6 (1): 1 bit to x0. x0: 1.4150375, x1: 1, total 2.4150375;
        // shares 1.4150375 / 2.4150375 = 0.5859278 and 1 / 2.4150375 = 0.4140722.
        double score = forest.score(new double[] {0.7, 3.0}, attribution);
        assertThat(attribution).containsExactly(new double[] {0.5859278, 0.4140722}, within(1e-7));
        assertThat(score).isEqualTo(forest.score(new double[] {0.7, 3.0}));

        // (0.2, -1). Tree 0: root (4) to the leaf of 1: 2 bits to x0. Tree 1: root (4) to leaf 4
        // (2): 1 bit to x1. Shares 2/3 and 1/3.
        forest.score(new double[] {0.2, -1.0}, attribution);
        assertThat(attribution).containsExactly(new double[] {2.0 / 3, 1.0 / 3}, within(EXACT));
    }

    @Test
    void attributionOverwritesThePreviousContentAndIsZeroWithoutSplits() {
        IsolationForest forest = HandBuiltForests.singleLeaf();
        double[] attribution = {7.0, 7.0, 7.0};
        double score = forest.score(new double[] {1, 2, 3}, attribution);
        assertThat(attribution).containsExactly(0.0, 0.0, 0.0);
        // h = 0 + c(5), normalised by c(psi) = c(5): score = 2^-1.
        assertThat(score).isCloseTo(0.5, within(EXACT));
        assertThat(forest.meanPathLength(new double[] {1, 2, 3}))
                .isCloseTo(IsolationForest.averagePathLength(5), within(EXACT));
    }

    @Test
    void subsampleOfOneScoresOneHalfAsScikitLearn() {
        IsolationForest forest = new IsolationForest(
                1, 1, new int[] {0}, new int[] {-1}, new double[] {0}, new int[] {-1}, new int[] {-1},
                new int[] {1});
        assertThat(forest.score(new double[] {42.0})).isEqualTo(0.5);
    }

    @Test
    void rejectsInputOfTheWrongDimension() {
        IsolationForest forest = HandBuiltForests.oneSplit();
        assertThatThrownBy(() -> forest.score(new double[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x has 3 dimensions, the forest expects 2");
        assertThatThrownBy(() -> forest.score(new double[2], new double[1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("attribution has 1 dimensions");
    }

    @Test
    void accessorsReturnCopiesOfTheArrays() {
        IsolationForest forest = HandBuiltForests.oneSplit();
        forest.splitValue()[0] = 100.0;
        forest.splitFeature()[0] = 1;
        assertThat(forest.splitValue()[0]).isEqualTo(0.5);
        assertThat(forest.splitFeature()[0]).isEqualTo(0);
        assertThat(forest.numTrees()).isEqualTo(1);
        assertThat(forest.numNodes()).isEqualTo(3);
        assertThat(forest.dimensions()).isEqualTo(2);
        assertThat(forest.subsampleSize()).isEqualTo(4);
    }

    @Test
    void constructorCopiesItsArrays() {
        double[] splitValue = {0.5, 0, 0};
        IsolationForest forest = new IsolationForest(
                2, 4, new int[] {0}, new int[] {0, -1, -1}, splitValue, new int[] {1, -1, -1},
                new int[] {2, -1, -1}, new int[] {0, 1, 3});
        splitValue[0] = -100.0;
        assertThat(forest.meanPathLength(new double[] {0.2, 0})).isCloseTo(1.0, within(EXACT));
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        IsolationForest forest = HandBuiltForests.twoTrees();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(forest);
        }
        IsolationForest copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (IsolationForest) in.readObject();
        }
        double[] x = {0.7, 3.0};
        assertThat(copy.score(x)).isEqualTo(forest.score(x));
        assertThat(copy.splitFeature()).isEqualTo(forest.splitFeature());
    }
}
