package io.fleetanomaly.detectors.iforest;

import java.util.Random;

/**
 * Grows an {@link IsolationForest} as scikit-learn's {@code IsolationForest} does with its
 * defaults: each tree sees psi rows drawn without replacement, grows to height ceil(log2 psi),
 * splits on a feature drawn uniformly among those not constant in the node, at a value drawn
 * uniformly in [min, max) of that feature in the node; rows with {@code x <= value} go left.
 *
 * <p>Deterministic: tree t depends only on the seed, t and the data. Not thread-safe while fitting.
 */
public final class IsolationForestTrainer {
    public static final int DEFAULT_NUM_TREES = 100;
    public static final int DEFAULT_SUBSAMPLE_SIZE = 256;
    public static final long DEFAULT_SEED = 42L;

    private final int numTrees;
    private final int subsampleSize;
    private final long seed;

    private IsolationForestTrainer(Builder builder) {
        this.numTrees = builder.numTrees;
        this.subsampleSize = builder.subsampleSize;
        this.seed = builder.seed;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int numTrees() {
        return numTrees;
    }

    /** The requested psi; a fit on fewer rows uses all of them. */
    public int subsampleSize() {
        return subsampleSize;
    }

    public long seed() {
        return seed;
    }

    /**
     * @param rows training rows, all of the same length, all values finite; not modified
     * @throws IllegalArgumentException if there are no rows or columns, rows differ in length, or a
     *     value is NaN or infinite
     */
    public IsolationForest fit(double[][] rows) {
        int dimensions = checkRows(rows);
        int psi = Math.min(subsampleSize, rows.length);
        TreeGrower grower = new TreeGrower(rows, dimensions, ceilLog2(psi));
        long nodeBound = (long) numTrees * (2L * psi - 1);
        NodeArraysBuilder nodes = new NodeArraysBuilder((int) Math.min(nodeBound, 1 << 20));
        int[] rowOrder = new int[rows.length];
        for (int i = 0; i < rowOrder.length; i++) {
            rowOrder[i] = i;
        }
        int[] sample = new int[psi];
        int[] treeRoots = new int[numTrees];
        Random seeds = new Random(seed);
        for (int tree = 0; tree < numTrees; tree++) {
            Random random = new Random(seeds.nextLong());
            drawWithoutReplacement(rowOrder, sample, random);
            treeRoots[tree] = grower.grow(sample, nodes, random);
        }
        return nodes.build(dimensions, psi, treeRoots);
    }

    /** Partial Fisher-Yates shuffle: the first sample.length entries of rowOrder become the sample. */
    private static void drawWithoutReplacement(int[] rowOrder, int[] sample, Random random) {
        for (int i = 0; i < sample.length; i++) {
            int j = i + random.nextInt(rowOrder.length - i);
            int row = rowOrder[j];
            rowOrder[j] = rowOrder[i];
            rowOrder[i] = row;
            sample[i] = row;
        }
    }

    static int ceilLog2(int n) {
        return n <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(n - 1);
    }

    private static int checkRows(double[][] rows) {
        if (rows == null || rows.length == 0) {
            throw new IllegalArgumentException("no training rows");
        }
        if (rows[0] == null || rows[0].length == 0) {
            throw new IllegalArgumentException("training rows have no columns");
        }
        int dimensions = rows[0].length;
        for (int i = 0; i < rows.length; i++) {
            double[] row = rows[i];
            if (row == null) {
                throw new IllegalArgumentException("training row " + i + " is null");
            }
            if (row.length != dimensions) {
                throw new IllegalArgumentException(
                        "ragged training rows: row " + i + " has " + row.length
                                + " values, row 0 has " + dimensions);
            }
            for (int j = 0; j < dimensions; j++) {
                if (!Double.isFinite(row[j])) {
                    throw new IllegalArgumentException(
                            "non-finite training value " + row[j] + " at row " + i + ", column " + j);
                }
            }
        }
        return dimensions;
    }

    public static final class Builder {
        private int numTrees = DEFAULT_NUM_TREES;
        private int subsampleSize = DEFAULT_SUBSAMPLE_SIZE;
        private long seed = DEFAULT_SEED;

        private Builder() {}

        public Builder numTrees(int numTrees) {
            if (numTrees < 1) {
                throw new IllegalArgumentException("numTrees must be >= 1, got " + numTrees);
            }
            this.numTrees = numTrees;
            return this;
        }

        public Builder subsampleSize(int subsampleSize) {
            if (subsampleSize < 1) {
                throw new IllegalArgumentException("subsampleSize must be >= 1, got " + subsampleSize);
            }
            this.subsampleSize = subsampleSize;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public IsolationForestTrainer build() {
            return new IsolationForestTrainer(this);
        }
    }
}
