package io.fleetanomaly.detectors.iforest;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The array constructor rejects arrays that do not describe a forest, naming the problem. */
class IsolationForestValidationTest {

    private static void assertRejected(Runnable construction, String expectedMessagePart) {
        assertThatThrownBy(construction::run)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(expectedMessagePart);
    }

    @Test
    void rejectsArraysOfDifferentLengths() {
        assertRejected(
                () -> new IsolationForest(2, 4, new int[] {0}, new int[] {0, -1, -1}, new double[] {0.5, 0},
                        new int[] {1, -1, -1}, new int[] {2, -1, -1}, new int[] {0, 1, 3}),
                "split_value has 2 entries but split_feature has 3");
        assertRejected(
                () -> new IsolationForest(2, 4, new int[] {0}, new int[] {0, -1, -1}, new double[] {0.5, 0, 0},
                        new int[] {1, -1, -1}, new int[] {2, -1, -1}, new int[] {0, 1}),
                "leaf_size has 2 entries but split_feature has 3");
    }

    @Test
    void rejectsAFeatureOutsideTheDimensions() {
        assertRejected(
                () -> new IsolationForest(2, 4, new int[] {0}, new int[] {2, -1, -1}, new double[] {0.5, 0, 0},
                        new int[] {1, -1, -1}, new int[] {2, -1, -1}, new int[] {0, 1, 3}),
                "split_feature[0] = 2 is out of range [-1, 2)");
    }

    @Test
    void rejectsAChildOutOfRange() {
        assertRejected(
                () -> new IsolationForest(2, 4, new int[] {0}, new int[] {0, -1, -1}, new double[] {0.5, 0, 0},
                        new int[] {1, -1, -1}, new int[] {3, -1, -1}, new int[] {0, 1, 3}),
                "right[0] = 3 is out of range [0, 3)");
    }

    @Test
    void rejectsARootOutOfRange() {
        assertRejected(
                () -> new IsolationForest(2, 4, new int[] {-1}, new int[] {0, -1, -1}, new double[] {0.5, 0, 0},
                        new int[] {1, -1, -1}, new int[] {2, -1, -1}, new int[] {0, 1, 3}),
                "tree_roots[0] = -1 is out of range [0, 3)");
    }

    @Test
    void rejectsACycle() {
        // Node 1 splits again and points back to node 0.
        assertRejected(
                () -> new IsolationForest(2, 4, new int[] {0}, new int[] {0, 1, -1}, new double[] {0.5, 0, 0},
                        new int[] {1, 0, -1}, new int[] {2, 2, -1}, new int[] {0, 0, 3}),
                "is reached twice");
    }

    @Test
    void rejectsANodeSharedBetweenTrees() {
        assertRejected(
                () -> new IsolationForest(2, 4, new int[] {0, 1}, new int[] {0, -1, -1}, new double[] {0.5, 0, 0},
                        new int[] {1, -1, -1}, new int[] {2, -1, -1}, new int[] {0, 1, 3}),
                "node 1 is reached twice");
    }

    @Test
    void rejectsANodeNoTreeReaches() {
        assertRejected(
                () -> new IsolationForest(2, 4, new int[] {0}, new int[] {0, -1, -1, -1},
                        new double[] {0.5, 0, 0, 0}, new int[] {1, -1, -1, -1}, new int[] {2, -1, -1, -1},
                        new int[] {0, 1, 3, 1}),
                "node 3 is not reachable from any tree root");
    }

    @Test
    void rejectsALeafWithChildrenAndAnInternalNodeWithALeafSize() {
        assertRejected(
                () -> new IsolationForest(2, 4, new int[] {0}, new int[] {0, -1, -1}, new double[] {0.5, 0, 0},
                        new int[] {1, 2, -1}, new int[] {2, -1, -1}, new int[] {0, 1, 3}),
                "leaf node 1 must have left = right = -1");
        assertRejected(
                () -> new IsolationForest(2, 4, new int[] {0}, new int[] {0, -1, -1}, new double[] {0.5, 0, 0},
                        new int[] {1, -1, -1}, new int[] {2, -1, -1}, new int[] {4, 1, 3}),
                "internal node 0 must have leaf_size 0");
    }

    @Test
    void rejectsATreeWhoseLeavesDoNotHoldTheSubsample() {
        assertRejected(
                () -> new IsolationForest(2, 4, new int[] {0}, new int[] {0, -1, -1}, new double[] {0.5, 0, 0},
                        new int[] {1, -1, -1}, new int[] {2, -1, -1}, new int[] {0, 1, 2}),
                "the leaves of tree 0 hold 3 samples, subsample_size is 4");
    }

    @Test
    void rejectsNonFiniteSplitValuesEmptyLeavesAndBadSizes() {
        assertRejected(
                () -> new IsolationForest(2, 4, new int[] {0}, new int[] {0, -1, -1},
                        new double[] {Double.NaN, 0, 0}, new int[] {1, -1, -1}, new int[] {2, -1, -1},
                        new int[] {0, 1, 3}),
                "split_value[0] = NaN is not finite");
        assertRejected(
                () -> new IsolationForest(2, 4, new int[] {0}, new int[] {0, -1, -1}, new double[] {0.5, 0, 0},
                        new int[] {1, -1, -1}, new int[] {2, -1, -1}, new int[] {0, -1, 3}),
                "leaf_size[1] = -1, a leaf holds at least 1 sample");
        assertRejected(
                () -> new IsolationForest(0, 4, new int[] {0}, new int[] {-1}, new double[] {0},
                        new int[] {-1}, new int[] {-1}, new int[] {4}),
                "dimensions must be >= 1");
        assertRejected(
                () -> new IsolationForest(1, 0, new int[] {0}, new int[] {-1}, new double[] {0},
                        new int[] {-1}, new int[] {-1}, new int[] {4}),
                "subsample_size must be >= 1");
        assertRejected(
                () -> new IsolationForest(1, 4, new int[0], new int[] {-1}, new double[] {0},
                        new int[] {-1}, new int[] {-1}, new int[] {4}),
                "at least one tree");
    }
}
