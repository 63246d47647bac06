package io.fleetanomaly.detectors.iforest;

/** Tiny forests built node by node, so their scores can be worked out by hand. */
final class HandBuiltForests {
    private HandBuiltForests() {}

    /**
     * psi = 4, 2 dimensions, one tree: node 0 splits x0 <= 0.5; node 1 is a leaf with 1 training
     * sample, node 2 a leaf with 3.
     */
    static IsolationForest oneSplit() {
        return new IsolationForest(
                2,
                4,
                new int[] {0},
                new int[] {0, -1, -1},
                new double[] {0.5, 0, 0},
                new int[] {1, -1, -1},
                new int[] {2, -1, -1},
                new int[] {0, 1, 3});
    }

    /**
     * psi = 4, 2 dimensions. Tree 0 as {@link #oneSplit()} (nodes 0-2). Tree 1 (nodes 3-7):
     * node 3 splits x1 <= 0 into leaf 4 (2 samples) and node 5, which splits x0 <= 1 into leaf 6
     * (1 sample) and leaf 7 (1 sample).
     */
    static IsolationForest twoTrees() {
        return new IsolationForest(
                2,
                4,
                new int[] {0, 3},
                new int[] {0, -1, -1, 1, -1, 0, -1, -1},
                new double[] {0.5, 0, 0, 0.0, 0, 1.0, 0, 0},
                new int[] {1, -1, -1, 4, -1, 6, -1, -1},
                new int[] {2, -1, -1, 5, -1, 7, -1, -1},
                new int[] {0, 1, 3, 0, 2, 0, 1, 1});
    }

    /** psi = 5, 3 dimensions, one tree that is a single leaf holding all 5 samples. */
    static IsolationForest singleLeaf() {
        return new IsolationForest(
                3, 5, new int[] {0}, new int[] {-1}, new double[] {0}, new int[] {-1}, new int[] {-1},
                new int[] {5});
    }
}
