package io.fleetanomaly.detectors.iforest;

import java.util.Random;

/** Grows one isolation tree at a time over a fixed training set; reuses its scratch arrays. */
final class TreeGrower {
    private final double[][] rows;
    private final int dimensions;
    private final int heightLimit;
    private final double[] nodeMin;
    private final double[] nodeMax;
    private final int[] splittableFeatures;

    TreeGrower(double[][] rows, int dimensions, int heightLimit) {
        this.rows = rows;
        this.dimensions = dimensions;
        this.heightLimit = heightLimit;
        this.nodeMin = new double[dimensions];
        this.nodeMax = new double[dimensions];
        this.splittableFeatures = new int[dimensions];
    }

    /** Appends a tree over the rows indexed by sample (reordered in place); returns its root. */
    int grow(int[] sample, NodeArraysBuilder nodes, Random random) {
        return growNode(sample, 0, sample.length, 0, nodes, random);
    }

    private int growNode(int[] sample, int from, int to, int depth, NodeArraysBuilder nodes, Random random) {
        int node = nodes.addNode();
        int size = to - from;
        int feature = depth >= heightLimit || size <= 1 ? -1 : pickSplitFeature(sample, from, to, random);
        if (feature < 0) {
            nodes.setLeaf(node, size);
            return node;
        }
        double value = drawSplitValue(nodeMin[feature], nodeMax[feature], random);
        int middle = partition(sample, from, to, feature, value);
        int leftChild = growNode(sample, from, middle, depth + 1, nodes, random);
        int rightChild = growNode(sample, middle, to, depth + 1, nodes, random);
        nodes.setSplit(node, feature, value, leftChild, rightChild);
        return node;
    }

    /**
     * Fills nodeMin/nodeMax over the node's rows and draws a feature uniformly among those with
     * max > min; -1 when every feature is constant (all rows identical).
     */
    private int pickSplitFeature(int[] sample, int from, int to, Random random) {
        double[] first = rows[sample[from]];
        System.arraycopy(first, 0, nodeMin, 0, dimensions);
        System.arraycopy(first, 0, nodeMax, 0, dimensions);
        for (int i = from + 1; i < to; i++) {
            double[] row = rows[sample[i]];
            for (int f = 0; f < dimensions; f++) {
                double v = row[f];
                if (v < nodeMin[f]) {
                    nodeMin[f] = v;
                } else if (v > nodeMax[f]) {
                    nodeMax[f] = v;
                }
            }
        }
        int count = 0;
        for (int f = 0; f < dimensions; f++) {
            if (nodeMax[f] > nodeMin[f]) {
                splittableFeatures[count++] = f;
            }
        }
        return count == 0 ? -1 : splittableFeatures[random.nextInt(count)];
    }

    /** Uniform in [min, max); written as a convex combination so that max - min cannot overflow. */
    private static double drawSplitValue(double min, double max, Random random) {
        double u = random.nextDouble();
        double value = (1.0 - u) * min + u * max;
        // Rounding can land on max (or outside); then the right child would be empty.
        return value >= min && value < max ? value : min;
    }

    /** Moves rows with x[feature] <= value to the front; returns the first index of the rest. */
    private int partition(int[] sample, int from, int to, int feature, double value) {
        int i = from;
        int j = to - 1;
        while (i <= j) {
            if (rows[sample[i]][feature] <= value) {
                i++;
            } else {
                int swapped = sample[i];
                sample[i] = sample[j];
                sample[j] = swapped;
                j--;
            }
        }
        return i;
    }
}
