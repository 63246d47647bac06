package io.fleetanomaly.detectors.iforest;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A trained Isolation Forest (Liu, Ting, Zhou 2008), scored with the semantics of scikit-learn's
 * {@code IsolationForest.score_samples} negated: {@code score(x) = 2^(-E[h(x)] / c(psi))}, in
 * (0, 1], higher is more anomalous.
 *
 * <p>All trees live in one set of flat, index-aligned node arrays. Node {@code i} is a leaf when
 * {@code splitFeature[i] == -1}; otherwise {@code x[splitFeature[i]] <= splitValue[i]} goes to
 * {@code left[i]}, anything else (including NaN) to {@code right[i]}. Leaves have
 * {@code left == right == -1} and hold {@code leafSize}, the number of training samples that
 * reached them; internal nodes have {@code leafSize == 0}. Every node belongs to exactly one tree.
 *
 * <p>Immutable and thread-safe. The scoring methods allocate nothing.
 */
public final class IsolationForest implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final double EULER_GAMMA = 0.5772156649;
    private static final int LEAF = -1;
    private static final int NO_CHILD = -1;

    private final int dimensions;
    private final int subsampleSize;
    private final int[] treeRoots;
    private final int[] splitFeature;
    private final double[] splitValue;
    private final int[] left;
    private final int[] right;
    private final int[] leafSize;

    /** c(leafSize) per node, so scoring does no logarithms. */
    private final double[] leafPathAdjustment;
    /** c(subsampleSize): E[h] of an unsuccessful search in a binary search tree of psi nodes. */
    private final double normalisingPathLength;
    /** Attribution weight of a split at depth d (root = 0) is {@code 1 / (d + 1)}. */
    private final double[] splitWeightByDepth;

    /**
     * Builds a forest from its node arrays, which are copied. Checks that the arrays have one
     * length, that features and children are in range, and that the nodes form
     * {@code treeRoots.length} disjoint trees covering every node (no cycles, no shared or orphan
     * nodes).
     *
     * @throws IllegalArgumentException naming the first inconsistency found
     */
    public IsolationForest(
            int dimensions,
            int subsampleSize,
            int[] treeRoots,
            int[] splitFeature,
            double[] splitValue,
            int[] left,
            int[] right,
            int[] leafSize) {
        requireArgument(dimensions >= 1, "dimensions must be >= 1, got " + dimensions);
        requireArgument(subsampleSize >= 1, "subsample_size must be >= 1, got " + subsampleSize);
        requireNonNull(treeRoots, "tree_roots");
        requireNonNull(splitFeature, "split_feature");
        requireNonNull(splitValue, "split_value");
        requireNonNull(left, "left");
        requireNonNull(right, "right");
        requireNonNull(leafSize, "leaf_size");
        requireArgument(treeRoots.length >= 1, "a forest needs at least one tree");
        int nodeCount = splitFeature.length;
        requireArgument(nodeCount >= 1, "a forest needs at least one node");
        requireSameLength("split_value", splitValue.length, nodeCount);
        requireSameLength("left", left.length, nodeCount);
        requireSameLength("right", right.length, nodeCount);
        requireSameLength("leaf_size", leafSize.length, nodeCount);

        this.dimensions = dimensions;
        this.subsampleSize = subsampleSize;
        this.treeRoots = treeRoots.clone();
        this.splitFeature = splitFeature.clone();
        this.splitValue = splitValue.clone();
        this.left = left.clone();
        this.right = right.clone();
        this.leafSize = leafSize.clone();

        for (int node = 0; node < nodeCount; node++) {
            checkNode(node);
        }
        int maxDepth = checkTreesAndMeasureDepth();

        this.leafPathAdjustment = new double[nodeCount];
        for (int node = 0; node < nodeCount; node++) {
            leafPathAdjustment[node] = averagePathLength(this.leafSize[node]);
        }
        this.normalisingPathLength = averagePathLength(subsampleSize);
        this.splitWeightByDepth = new double[Math.max(maxDepth, 1)];
        for (int depth = 0; depth < splitWeightByDepth.length; depth++) {
            splitWeightByDepth[depth] = 1.0 / (depth + 1);
        }
    }

    /**
     * c(n) = 2 H(n-1) - 2 (n-1) / n with H(i) = ln(i) + Euler's constant: the average path length
     * of an unsuccessful search in a binary search tree of n nodes. c(0) = c(1) = 0, c(2) = 1, as
     * in scikit-learn.
     */
    public static double averagePathLength(long n) {
        if (n <= 1) {
            return 0.0;
        }
        if (n == 2) {
            return 1.0;
        }
        double nMinusOne = n - 1;
        return 2.0 * (Math.log(nMinusOne) + EULER_GAMMA) - 2.0 * nMinusOne / n;
    }

    public int dimensions() {
        return dimensions;
    }

    public int numTrees() {
        return treeRoots.length;
    }

    /** psi, the number of samples each tree was grown from. */
    public int subsampleSize() {
        return subsampleSize;
    }

    public int numNodes() {
        return splitFeature.length;
    }

    /** E[h(x)]: the mean over trees of (depth of x's leaf + c(leaf size)). */
    public double meanPathLength(double[] x) {
        requireDimensions(x, "x");
        double pathLengthSum = 0.0;
        for (int tree = 0; tree < treeRoots.length; tree++) {
            int node = treeRoots[tree];
            int depth = 0;
            int feature;
            while ((feature = splitFeature[node]) != LEAF) {
                node = x[feature] <= splitValue[node] ? left[node] : right[node];
                depth++;
            }
            pathLengthSum += depth + leafPathAdjustment[node];
        }
        return pathLengthSum / treeRoots.length;
    }

    /** The anomaly score 2^(-E[h(x)] / c(psi)) in (0, 1]; 0.5 when c(psi) = 0 (psi = 1), as scikit-learn. */
    public double score(double[] x) {
        return scoreOfMeanPathLength(meanPathLength(x));
    }

    /**
     * The anomaly score, and per input dimension the share of the splits on x's path that used it.
     * Every split on x's path in every tree adds {@code 1 / (depth + 1)} to its feature (root split
     * at depth 0 adds 1), so splits near the root, which isolate most, weigh most; the result is
     * normalised to sum to 1, or is all zeros when no tree has a split.
     *
     * @param attribution filled in place; length must equal {@link #dimensions()}
     */
    public double score(double[] x, double[] attribution) {
        requireDimensions(x, "x");
        requireDimensions(attribution, "attribution");
        Arrays.fill(attribution, 0.0);
        double pathLengthSum = 0.0;
        double weightSum = 0.0;
        for (int tree = 0; tree < treeRoots.length; tree++) {
            int node = treeRoots[tree];
            int depth = 0;
            int feature;
            while ((feature = splitFeature[node]) != LEAF) {
                double weight = splitWeightByDepth[depth];
                attribution[feature] += weight;
                weightSum += weight;
                node = x[feature] <= splitValue[node] ? left[node] : right[node];
                depth++;
            }
            pathLengthSum += depth + leafPathAdjustment[node];
        }
        if (weightSum > 0.0) {
            for (int d = 0; d < attribution.length; d++) {
                attribution[d] /= weightSum;
            }
        }
        return scoreOfMeanPathLength(pathLengthSum / treeRoots.length);
    }

    private double scoreOfMeanPathLength(double meanPathLength) {
        if (normalisingPathLength == 0.0) {
            return 0.5;
        }
        return Math.pow(2.0, -meanPathLength / normalisingPathLength);
    }

    public int[] treeRoots() {
        return treeRoots.clone();
    }

    public int[] splitFeature() {
        return splitFeature.clone();
    }

    public double[] splitValue() {
        return splitValue.clone();
    }

    public int[] left() {
        return left.clone();
    }

    public int[] right() {
        return right.clone();
    }

    public int[] leafSize() {
        return leafSize.clone();
    }

    private void checkNode(int node) {
        int feature = splitFeature[node];
        requireArgument(
                feature >= LEAF && feature < dimensions,
                "split_feature[" + node + "] = " + feature + " is out of range [-1, " + dimensions + ")");
        requireArgument(
                Double.isFinite(splitValue[node]),
                "split_value[" + node + "] = " + splitValue[node] + " is not finite");
        requireArgument(leafSize[node] >= 0, "leaf_size[" + node + "] = " + leafSize[node] + " is negative");
        if (feature == LEAF) {
            requireArgument(
                    left[node] == NO_CHILD && right[node] == NO_CHILD,
                    "leaf node " + node + " must have left = right = -1, got " + left[node] + ", " + right[node]);
        } else {
            requireChildInRange("left", node, left[node]);
            requireChildInRange("right", node, right[node]);
            requireArgument(
                    leafSize[node] == 0,
                    "internal node " + node + " must have leaf_size 0, got " + leafSize[node]);
        }
    }

    private void requireChildInRange(String name, int node, int child) {
        requireArgument(
                child >= 0 && child < splitFeature.length,
                name + "[" + node + "] = " + child + " is out of range [0, " + splitFeature.length + ")");
    }

    /** Walks every tree once; returns the largest number of splits on any root-to-leaf path. */
    private int checkTreesAndMeasureDepth() {
        int nodeCount = splitFeature.length;
        boolean[] reached = new boolean[nodeCount];
        // Until the check below fails, every pop takes a new node and pushes at most two, so the
        // stack holds at most 1 + (internal nodes popped) <= nodeCount + 1 entries.
        int[] stackNode = new int[nodeCount + 1];
        int[] stackDepth = new int[nodeCount + 1];
        int maxDepth = 0;
        for (int tree = 0; tree < treeRoots.length; tree++) {
            int root = treeRoots[tree];
            requireArgument(
                    root >= 0 && root < nodeCount,
                    "tree_roots[" + tree + "] = " + root + " is out of range [0, " + nodeCount + ")");
            int stackSize = 0;
            stackNode[stackSize] = root;
            stackDepth[stackSize] = 0;
            stackSize++;
            while (stackSize > 0) {
                stackSize--;
                int node = stackNode[stackSize];
                int depth = stackDepth[stackSize];
                requireArgument(
                        !reached[node],
                        "node " + node + " is reached twice (a cycle or a node shared between trees)");
                reached[node] = true;
                if (splitFeature[node] == LEAF) {
                    maxDepth = Math.max(maxDepth, depth);
                } else {
                    stackNode[stackSize] = left[node];
                    stackDepth[stackSize] = depth + 1;
                    stackSize++;
                    stackNode[stackSize] = right[node];
                    stackDepth[stackSize] = depth + 1;
                    stackSize++;
                }
            }
        }
        for (int node = 0; node < nodeCount; node++) {
            requireArgument(reached[node], "node " + node + " is not reachable from any tree root");
        }
        return maxDepth;
    }

    private void requireDimensions(double[] vector, String name) {
        if (vector.length != dimensions) {
            throw new IllegalArgumentException(
                    name + " has " + vector.length + " dimensions, the forest expects " + dimensions);
        }
    }

    private static void requireSameLength(String name, int length, int expected) {
        requireArgument(
                length == expected,
                name + " has " + length + " entries but split_feature has " + expected);
    }

    private static void requireNonNull(Object array, String name) {
        requireArgument(array != null, name + " is missing");
    }

    private static void requireArgument(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
