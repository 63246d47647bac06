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
 * reached them (at least 1); internal nodes have {@code leafSize == 0}. Every node belongs to
 * exactly one tree, and the leaves of each tree hold {@code subsampleSize} samples in total.
 *
 * <p>Scoring walks a copy of the arrays derived in the constructor. When no tree is deeper than
 * {@link #MAX_COMPLETE_DEPTH} levels (the trainer grows trees to ceil(log2 psi): 8 for psi = 256),
 * every tree is laid out as a complete binary tree of the forest's depth D, its children found by
 * index (slot i's are 2i+1 and 2i+2) instead of by a loaded link: a leaf above level D becomes a
 * split that sends x either way to copies of itself, adding 0 bits. Each step then waits on two
 * dependent loads (feature, reading) instead of three (feature, reading, child), about 18% faster
 * on the shipped forests, and every tree takes exactly D steps. Deeper forests walk packed links
 * (children and feature side by side). Both walks add the same values to the same sums in the
 * same order, so scores and attributions have the same bits.
 *
 * <p>Immutable and thread-safe. The scoring methods allocate nothing.
 */
public final class IsolationForest implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final double EULER_GAMMA = 0.5772156649;
    private static final int LEAF = -1;
    private static final int NO_CHILD = -1;
    /**
     * The deepest forest laid out as complete trees: 2^(D+1) - 1 slots per tree, about 18 KB per
     * tree at D = 10 (psi = 1024 grows to 10).
     */
    static final int MAX_COMPLETE_DEPTH = 10;

    private final int dimensions;
    private final int subsampleSize;
    private final int[] treeRoots;
    private final int[] splitFeature;
    private final double[] splitValue;
    private final int[] left;
    private final int[] right;
    private final int[] leafSize;

    /** c(subsampleSize): E[h] of an unsuccessful search in a binary search tree of psi nodes. */
    private final double normalisingPathLength;
    /** The complete trees' depth D, or -1 when the forest is too deep and walks the packed links. */
    private final transient int completeDepth;
    /** Complete trees: per tree 2^D - 1 split slots, of which this is the feature ... */
    private final transient int[] slotFeature;
    /** ... and this the split value (a padding slot below a shallow leaf: feature 0, value 0). */
    private final transient double[] slotValue;
    /** Complete trees: per tree 2^(D+1) - 1 slots, the isolation bits of arriving there (0 for padding). */
    private final transient double[] slotBits;
    /** Complete trees: per tree 2^D bottom slots, h = depth + c(leafSize) of the leaf above it. */
    private final transient double[] bottomPathLength;
    /** Linked walk, per node: {splitFeature, left, right}, side by side so one visit touches one cache line. */
    private final transient int[] packedLinks;
    /** Linked walk, per node: the split value of an internal node; h = depth + c(leafSize) of a leaf. */
    private final transient double[] valueOrPathLength;
    /** Linked walk, per node: log2(training samples of its parent / its own), 0 for a root. */
    private final transient double[] isolationBits;

    /**
     * Builds a forest from its node arrays, which are copied. Checks that the arrays have one
     * length, that features and children are in range, and that the nodes form
     * {@code treeRoots.length} disjoint trees covering every node (no cycles, no shared or orphan
     * nodes) whose leaves each hold {@code subsampleSize} training samples.
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
        this(dimensions, subsampleSize, treeRoots, splitFeature, splitValue, left, right, leafSize, MAX_COMPLETE_DEPTH);
    }

    /** As the public constructor; forests deeper than {@code maxCompleteDepth} walk the packed links. */
    IsolationForest(
            int dimensions,
            int subsampleSize,
            int[] treeRoots,
            int[] splitFeature,
            double[] splitValue,
            int[] left,
            int[] right,
            int[] leafSize,
            int maxCompleteDepth) {
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
        int[] depth = new int[nodeCount];
        int[] parent = new int[nodeCount];
        int[] preOrder = checkTreesAndOrderNodes(depth, parent);
        long[] trainingSamples = countTrainingSamples(preOrder, parent);

        this.normalisingPathLength = averagePathLength(subsampleSize);
        double[] pathLength = new double[nodeCount];
        double[] bits = new double[nodeCount];
        int maxDepth = 0;
        for (int node = 0; node < nodeCount; node++) {
            pathLength[node] = depth[node] + averagePathLength(this.leafSize[node]);
            bits[node] = parent[node] == NO_CHILD
                    ? 0.0
                    : log2((double) trainingSamples[parent[node]] / trainingSamples[node]);
            maxDepth = Math.max(maxDepth, depth[node]);
        }
        if (maxDepth <= maxCompleteDepth) {
            this.completeDepth = maxDepth;
            int trees = treeRoots.length;
            this.slotFeature = new int[trees * ((1 << maxDepth) - 1)];
            this.slotValue = new double[slotFeature.length];
            this.slotBits = new double[trees * ((1 << (maxDepth + 1)) - 1)];
            this.bottomPathLength = new double[trees << maxDepth];
            for (int tree = 0; tree < trees; tree++) {
                layOutComplete(tree, this.treeRoots[tree], 0, 0, depth, pathLength, bits);
            }
            this.packedLinks = null;
            this.valueOrPathLength = null;
            this.isolationBits = null;
        } else {
            this.completeDepth = -1;
            this.slotFeature = null;
            this.slotValue = null;
            this.slotBits = null;
            this.bottomPathLength = null;
            this.packedLinks = new int[3 * nodeCount];
            this.valueOrPathLength = new double[nodeCount];
            this.isolationBits = bits;
            for (int node = 0; node < nodeCount; node++) {
                packedLinks[3 * node] = this.splitFeature[node];
                packedLinks[3 * node + 1] = this.left[node];
                packedLinks[3 * node + 2] = this.right[node];
                valueOrPathLength[node] = this.splitFeature[node] == LEAF ? pathLength[node] : this.splitValue[node];
            }
        }
    }

    /**
     * Puts {@code node} (at {@code level} of its tree) into {@code slot} of the tree's complete
     * layout, and its subtree below; a leaf above the bottom level fills the slots beneath it with
     * copies of itself that add 0 bits.
     */
    private void layOutComplete(int tree, int node, int slot, int level, int[] depth, double[] pathLength, double[] bits) {
        int d = completeDepth;
        slotBits[tree * ((1 << (d + 1)) - 1) + slot] = level == depth[node] ? bits[node] : 0.0;
        if (level == d) {
            bottomPathLength[(tree << d) + slot - ((1 << d) - 1)] = pathLength[node];
            return;
        }
        boolean leaf = splitFeature[node] == LEAF;
        slotFeature[tree * ((1 << d) - 1) + slot] = leaf ? 0 : splitFeature[node];
        slotValue[tree * ((1 << d) - 1) + slot] = leaf ? 0.0 : splitValue[node];
        layOutComplete(tree, leaf ? node : left[node], 2 * slot + 1, level + 1, depth, pathLength, bits);
        layOutComplete(tree, leaf ? node : right[node], 2 * slot + 2, level + 1, depth, pathLength, bits);
    }

    /** Java serialization stores the column arrays only; the packed copy is rebuilt on reading. */
    private Object readResolve() {
        return new IsolationForest(
                dimensions, subsampleSize, treeRoots, splitFeature, splitValue, left, right, leafSize);
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
        return walkTrees(x, null);
    }

    /** The anomaly score 2^(-E[h(x)] / c(psi)) in (0, 1]; 0.5 when c(psi) = 0 (psi = 1), as scikit-learn. */
    public double score(double[] x) {
        requireDimensions(x, "x");
        return scoreOfMeanPathLength(walkTrees(x, null));
    }

    /**
     * The anomaly score, and per input dimension its share in isolating x. A split that sends x on
     * with n_child of the node's n training samples contributes log2(n / n_child) bits to its
     * feature, so along one tree the bits add up to log2(psi / leaf size): how far the tree
     * isolated x. Splits that cut x away from most of the data weigh most; a split that hardly
     * separates x weighs almost nothing, however close to the root it is. The bits are summed over
     * all trees and normalised to sum to 1, or are all zeros when x's paths have no split.
     *
     * @param attribution filled in place; length must equal {@link #dimensions()}
     * @return the same score as {@link #score(double[])}
     */
    public double score(double[] x, double[] attribution) {
        requireDimensions(x, "x");
        requireDimensions(attribution, "attribution");
        Arrays.fill(attribution, 0.0);
        double meanPathLength = walkTrees(x, attribution);
        normaliseAttribution(attribution);
        return scoreOfMeanPathLength(meanPathLength);
    }

    /**
     * Whether {@link #scoreRecordingPaths} and {@link #attributionOfPaths} work: a forest laid out as
     * complete trees (at most {@code MAX_COMPLETE_DEPTH} levels, as the trainer grows them).
     */
    public boolean recordsPaths() {
        return completeDepth >= 0;
    }

    /**
     * The anomaly score, with the same bits as {@link #score(double[])}, and where each tree's walk
     * ended: {@code pathsOut[t]} is tree t's bottom slot, which in a complete tree names the whole
     * path from the root. {@link #attributionOfPaths} computes x's attribution from them without
     * comparing x again. Requires {@link #recordsPaths()}.
     *
     * @param pathsOut one slot per tree (length at least {@link #numTrees()}), written here
     */
    public double scoreRecordingPaths(double[] x, int[] pathsOut) {
        requireDimensions(x, "x");
        requireArgument(completeDepth >= 0, "this forest is not laid out as complete trees: it records no paths");
        requireArgument(pathsOut.length >= treeRoots.length,
                "pathsOut needs " + treeRoots.length + " slots, has " + pathsOut.length);
        return scoreOfMeanPathLength(walkCompleteTreesScoreOnly(x, pathsOut));
    }

    /**
     * The attribution {@link #score(double[], double[])} gives for the x whose paths
     * {@link #scoreRecordingPaths} recorded, with the same bits: each split's isolation bits are
     * added to its feature in the order that walk adds them (four trees at a time, level by level,
     * then the rest one tree at a time), read along the recorded paths instead of walked again.
     *
     * @param paths as {@link #scoreRecordingPaths} left them
     * @param attribution filled in place; length must equal {@link #dimensions()}
     */
    public void attributionOfPaths(int[] paths, double[] attribution) {
        requireDimensions(attribution, "attribution");
        requireArgument(completeDepth >= 0, "this forest is not laid out as complete trees: it records no paths");
        requireArgument(paths.length >= treeRoots.length, "paths needs " + treeRoots.length + " slots, has " + paths.length);
        Arrays.fill(attribution, 0.0);
        final int[] features = slotFeature;
        final double[] bits = slotBits;
        final int levels = completeDepth;
        final int splitSlots = (1 << levels) - 1;
        final int allSlots = 2 * splitSlots + 1;
        final int trees = treeRoots.length;
        // slot + 1 numbers a complete tree's slots from 1 (children 2n and 2n + 1), so a path's slot
        // at depth k is ((bottom slot + 1) >> (levels - k)) - 1
        int tree = 0;
        for (; tree + 4 <= trees; tree += 4) {
            int splitsA = tree * splitSlots;
            int splitsB = splitsA + splitSlots;
            int splitsC = splitsB + splitSlots;
            int splitsD = splitsC + splitSlots;
            int bitsA = tree * allSlots;
            int bitsB = bitsA + allSlots;
            int bitsC = bitsB + allSlots;
            int bitsD = bitsC + allSlots;
            int a = requireBottomSlot(paths[tree], splitSlots) + 1;
            int b = requireBottomSlot(paths[tree + 1], splitSlots) + 1;
            int c = requireBottomSlot(paths[tree + 2], splitSlots) + 1;
            int d = requireBottomSlot(paths[tree + 3], splitSlots) + 1;
            for (int level = 0; level < levels; level++) {
                int above = levels - level;
                int below = above - 1;
                attribution[features[splitsA + (a >> above) - 1]] += bits[bitsA + (a >> below) - 1];
                attribution[features[splitsB + (b >> above) - 1]] += bits[bitsB + (b >> below) - 1];
                attribution[features[splitsC + (c >> above) - 1]] += bits[bitsC + (c >> below) - 1];
                attribution[features[splitsD + (d >> above) - 1]] += bits[bitsD + (d >> below) - 1];
            }
        }
        for (; tree < trees; tree++) {
            int splits = tree * splitSlots;
            int bitsAt = tree * allSlots;
            int n = requireBottomSlot(paths[tree], splitSlots) + 1;
            for (int level = 0; level < levels; level++) {
                attribution[features[splits + (n >> (levels - level)) - 1]] += bits[bitsAt + (n >> (levels - level - 1)) - 1];
            }
        }
        normaliseAttribution(attribution);
    }

    private static int requireBottomSlot(int slot, int splitSlots) {
        if (slot < splitSlots || slot > 2 * splitSlots) {
            throw new IllegalArgumentException("not a recorded path: slot " + slot + " is not at the bottom of a tree of "
                    + (2 * splitSlots + 1) + " slots");
        }
        return slot;
    }

    /** Scales the bits to sum to 1 (all zeros stay zeros). */
    private static void normaliseAttribution(double[] attribution) {
        double bitsSum = 0.0;
        for (double bits : attribution) {
            bitsSum += bits;
        }
        if (bitsSum > 0.0) {
            for (int d = 0; d < attribution.length; d++) {
                attribution[d] /= bitsSum;
            }
        }
    }

    /**
     * Walks x down every tree and returns E[h(x)]; when bitsByFeature is not null, adds each
     * split's isolation bits to its feature. Walks four trees at once: each walk is a chain of
     * dependent loads, and four independent chains let the CPU overlap their memory latency
     * (about twice the throughput of one walk at a time). Both layouts add, per feature, the
     * bits of level 1 of the four trees in tree order, then of level 2, ... (the complete layout's
     * padding adds 0 to feature 0, which changes no sum of non-negative bits), and the path
     * lengths in tree order, four at a time: sum += ((h1 + h2) + h3) + h4. Without attribution
     * the complete trees are walked eight at once ({@link #walkCompleteTreesScoreOnly}), adding
     * the path lengths in the same order.
     */
    private double walkTrees(double[] x, double[] bitsByFeature) {
        if (completeDepth < 0) {
            return walkLinkedTrees(x, bitsByFeature);
        }
        return bitsByFeature == null ? walkCompleteTreesScoreOnly(x, null) : walkCompleteTrees(x, bitsByFeature);
    }

    /**
     * E[h(x)] over complete trees, eight walks in flight: a step's loads wait on the step before
     * (the slot, then the split's feature, then the reading), so the walk is bound by load
     * latency, and eight independent chains hide more of it than four (about 30% less time per
     * event on the telemetry forest). The attribution walk keeps four: its per-feature sums would
     * otherwise be added in another order. The path lengths are added four at a time in tree
     * order, as {@link #walkCompleteTrees} adds them, so E[h(x)] has the same bits. With
     * {@code paths} not null, each tree's bottom slot is written to it.
     */
    private double walkCompleteTreesScoreOnly(double[] x, int[] paths) {
        final int[] features = slotFeature;
        final double[] values = slotValue;
        final double[] pathLengths = bottomPathLength;
        final int levels = completeDepth;
        final int splitSlots = (1 << levels) - 1; // per tree; also the first bottom slot's index
        final int trees = treeRoots.length;
        double pathLengthSum = 0.0;
        int tree = 0;
        for (; tree + 8 <= trees; tree += 8) {
            int splitsA = tree * splitSlots;
            int splitsB = splitsA + splitSlots;
            int splitsC = splitsB + splitSlots;
            int splitsD = splitsC + splitSlots;
            int splitsE = splitsD + splitSlots;
            int splitsF = splitsE + splitSlots;
            int splitsG = splitsF + splitSlots;
            int splitsH = splitsG + splitSlots;
            int a = 0;
            int b = 0;
            int c = 0;
            int d = 0;
            int e = 0;
            int f = 0;
            int g = 0;
            int h = 0;
            for (int level = 0; level < levels; level++) {
                a = 2 * a + (x[features[splitsA + a]] <= values[splitsA + a] ? 1 : 2);
                b = 2 * b + (x[features[splitsB + b]] <= values[splitsB + b] ? 1 : 2);
                c = 2 * c + (x[features[splitsC + c]] <= values[splitsC + c] ? 1 : 2);
                d = 2 * d + (x[features[splitsD + d]] <= values[splitsD + d] ? 1 : 2);
                e = 2 * e + (x[features[splitsE + e]] <= values[splitsE + e] ? 1 : 2);
                f = 2 * f + (x[features[splitsF + f]] <= values[splitsF + f] ? 1 : 2);
                g = 2 * g + (x[features[splitsG + g]] <= values[splitsG + g] ? 1 : 2);
                h = 2 * h + (x[features[splitsH + h]] <= values[splitsH + h] ? 1 : 2);
            }
            if (paths != null) {
                paths[tree] = a;
                paths[tree + 1] = b;
                paths[tree + 2] = c;
                paths[tree + 3] = d;
                paths[tree + 4] = e;
                paths[tree + 5] = f;
                paths[tree + 6] = g;
                paths[tree + 7] = h;
            }
            int bottom = (tree << levels) - splitSlots;
            pathLengthSum += pathLengths[bottom + a] + pathLengths[bottom + (1 << levels) + b]
                    + pathLengths[bottom + (2 << levels) + c] + pathLengths[bottom + (3 << levels) + d];
            pathLengthSum += pathLengths[bottom + (4 << levels) + e] + pathLengths[bottom + (5 << levels) + f]
                    + pathLengths[bottom + (6 << levels) + g] + pathLengths[bottom + (7 << levels) + h];
        }
        return tree == trees ? pathLengthSum / trees : walkCompleteTrees(x, null, paths, tree, pathLengthSum);
    }

    private double walkCompleteTrees(double[] x, double[] bitsByFeature) {
        return walkCompleteTrees(x, bitsByFeature, null, 0, 0.0);
    }

    /**
     * Walks the trees from {@code firstTree} on, adding to the path lengths of the trees before it; returns E[h(x)].
     * With {@code paths} not null, each tree's bottom slot is written to it.
     */
    private double walkCompleteTrees(double[] x, double[] bitsByFeature, int[] paths, int firstTree,
            double pathLengthsBefore) {
        final int[] features = slotFeature;
        final double[] values = slotValue;
        final double[] bits = slotBits;
        final double[] pathLengths = bottomPathLength;
        final int levels = completeDepth;
        final int splitSlots = (1 << levels) - 1; // per tree; also the first bottom slot's index
        final int allSlots = 2 * splitSlots + 1;
        final int trees = treeRoots.length;
        double pathLengthSum = pathLengthsBefore;
        int tree = firstTree;
        for (; tree + 4 <= trees; tree += 4) {
            int splitsA = tree * splitSlots;
            int splitsB = splitsA + splitSlots;
            int splitsC = splitsB + splitSlots;
            int splitsD = splitsC + splitSlots;
            int bitsA = tree * allSlots;
            int bitsB = bitsA + allSlots;
            int bitsC = bitsB + allSlots;
            int bitsD = bitsC + allSlots;
            int a = 0;
            int b = 0;
            int c = 0;
            int d = 0;
            if (bitsByFeature == null) {
                for (int level = 0; level < levels; level++) {
                    a = 2 * a + (x[features[splitsA + a]] <= values[splitsA + a] ? 1 : 2);
                    b = 2 * b + (x[features[splitsB + b]] <= values[splitsB + b] ? 1 : 2);
                    c = 2 * c + (x[features[splitsC + c]] <= values[splitsC + c] ? 1 : 2);
                    d = 2 * d + (x[features[splitsD + d]] <= values[splitsD + d] ? 1 : 2);
                }
            } else {
                for (int level = 0; level < levels; level++) {
                    int fa = features[splitsA + a];
                    a = 2 * a + (x[fa] <= values[splitsA + a] ? 1 : 2);
                    bitsByFeature[fa] += bits[bitsA + a];
                    int fb = features[splitsB + b];
                    b = 2 * b + (x[fb] <= values[splitsB + b] ? 1 : 2);
                    bitsByFeature[fb] += bits[bitsB + b];
                    int fc = features[splitsC + c];
                    c = 2 * c + (x[fc] <= values[splitsC + c] ? 1 : 2);
                    bitsByFeature[fc] += bits[bitsC + c];
                    int fd = features[splitsD + d];
                    d = 2 * d + (x[fd] <= values[splitsD + d] ? 1 : 2);
                    bitsByFeature[fd] += bits[bitsD + d];
                }
            }
            if (paths != null) {
                paths[tree] = a;
                paths[tree + 1] = b;
                paths[tree + 2] = c;
                paths[tree + 3] = d;
            }
            int bottom = (tree << levels) - splitSlots;
            pathLengthSum += pathLengths[bottom + a] + pathLengths[bottom + (1 << levels) + b]
                    + pathLengths[bottom + (2 << levels) + c] + pathLengths[bottom + (3 << levels) + d];
        }
        for (; tree < trees; tree++) {
            int splits = tree * splitSlots;
            int slot = 0;
            for (int level = 0; level < levels; level++) {
                int feature = features[splits + slot];
                slot = 2 * slot + (x[feature] <= values[splits + slot] ? 1 : 2);
                if (bitsByFeature != null) {
                    bitsByFeature[feature] += bits[tree * allSlots + slot];
                }
            }
            if (paths != null) {
                paths[tree] = slot;
            }
            pathLengthSum += pathLengths[(tree << levels) - splitSlots + slot];
        }
        return pathLengthSum / trees;
    }

    private double walkLinkedTrees(double[] x, double[] bitsByFeature) {
        final int[] links = packedLinks;
        final double[] values = valueOrPathLength;
        final double[] bits = isolationBits;
        final int[] roots = treeRoots;
        double pathLengthSum = 0.0;
        int tree = 0;
        for (; tree + 4 <= roots.length; tree += 4) {
            int a = roots[tree];
            int b = roots[tree + 1];
            int c = roots[tree + 2];
            int d = roots[tree + 3];
            int fa = links[3 * a];
            int fb = links[3 * b];
            int fc = links[3 * c];
            int fd = links[3 * d];
            while ((fa & fb & fc & fd) >= 0) { // until all four are at a leaf (feature -1)
                if (fa >= 0) {
                    a = links[3 * a + (x[fa] <= values[a] ? 1 : 2)];
                    if (bitsByFeature != null) {
                        bitsByFeature[fa] += bits[a];
                    }
                    fa = links[3 * a];
                }
                if (fb >= 0) {
                    b = links[3 * b + (x[fb] <= values[b] ? 1 : 2)];
                    if (bitsByFeature != null) {
                        bitsByFeature[fb] += bits[b];
                    }
                    fb = links[3 * b];
                }
                if (fc >= 0) {
                    c = links[3 * c + (x[fc] <= values[c] ? 1 : 2)];
                    if (bitsByFeature != null) {
                        bitsByFeature[fc] += bits[c];
                    }
                    fc = links[3 * c];
                }
                if (fd >= 0) {
                    d = links[3 * d + (x[fd] <= values[d] ? 1 : 2)];
                    if (bitsByFeature != null) {
                        bitsByFeature[fd] += bits[d];
                    }
                    fd = links[3 * d];
                }
            }
            pathLengthSum += values[a] + values[b] + values[c] + values[d];
        }
        for (; tree < roots.length; tree++) {
            int node = roots[tree];
            int feature;
            while ((feature = links[3 * node]) != LEAF) {
                node = links[3 * node + (x[feature] <= values[node] ? 1 : 2)];
                if (bitsByFeature != null) {
                    bitsByFeature[feature] += bits[node];
                }
            }
            pathLengthSum += values[node];
        }
        return pathLengthSum / roots.length;
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
        if (feature == LEAF) {
            requireArgument(
                    leafSize[node] >= 1,
                    "leaf_size[" + node + "] = " + leafSize[node] + ", a leaf holds at least 1 sample");
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

    /**
     * Walks every tree once, checking that the trees are disjoint and cover all nodes, and fills
     * each node's depth and parent (-1 for a root). Returns the nodes in pre-order.
     */
    private int[] checkTreesAndOrderNodes(int[] depth, int[] parent) {
        int nodeCount = splitFeature.length;
        boolean[] reached = new boolean[nodeCount];
        int[] preOrder = new int[nodeCount];
        int visited = 0;
        // Until the check below fails, every pop takes a new node and pushes at most two, so the
        // stack holds at most 1 + (internal nodes popped) <= nodeCount + 1 entries.
        int[] stack = new int[nodeCount + 1];
        for (int tree = 0; tree < treeRoots.length; tree++) {
            int root = treeRoots[tree];
            requireArgument(
                    root >= 0 && root < nodeCount,
                    "tree_roots[" + tree + "] = " + root + " is out of range [0, " + nodeCount + ")");
            depth[root] = 0;
            parent[root] = NO_CHILD;
            int stackSize = 0;
            stack[stackSize++] = root;
            while (stackSize > 0) {
                int node = stack[--stackSize];
                requireArgument(
                        !reached[node],
                        "node " + node + " is reached twice (a cycle or a node shared between trees)");
                reached[node] = true;
                preOrder[visited++] = node;
                if (splitFeature[node] != LEAF) {
                    // Right pushed first so that left is visited first: pre-order.
                    stack[stackSize++] = right[node];
                    stack[stackSize++] = left[node];
                    depth[right[node]] = depth[node] + 1;
                    depth[left[node]] = depth[node] + 1;
                    parent[right[node]] = node;
                    parent[left[node]] = node;
                }
            }
        }
        for (int node = 0; node < nodeCount; node++) {
            requireArgument(reached[node], "node " + node + " is not reachable from any tree root");
        }
        return preOrder;
    }

    /** Training samples that passed through each node; checks each tree holds subsampleSize. */
    private long[] countTrainingSamples(int[] preOrder, int[] parent) {
        long[] samples = new long[preOrder.length];
        for (int i = preOrder.length - 1; i >= 0; i--) {
            int node = preOrder[i];
            if (splitFeature[node] == LEAF) {
                samples[node] = leafSize[node];
            }
            if (parent[node] != NO_CHILD) {
                samples[parent[node]] += samples[node];
            }
        }
        for (int tree = 0; tree < treeRoots.length; tree++) {
            long treeSamples = samples[treeRoots[tree]];
            requireArgument(
                    treeSamples == subsampleSize,
                    "the leaves of tree " + tree + " hold " + treeSamples
                            + " samples, subsample_size is " + subsampleSize);
        }
        return samples;
    }

    private static double log2(double value) {
        return Math.log(value) / Math.log(2.0);
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
