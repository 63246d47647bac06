package io.fleetanomaly.detectors.iforest;

import java.util.Arrays;

/** Growable node arrays that trees are appended to while training, then frozen into a forest. */
final class NodeArraysBuilder {
    private int size;
    private int[] splitFeature;
    private double[] splitValue;
    private int[] left;
    private int[] right;
    private int[] leafSize;

    NodeArraysBuilder(int initialCapacity) {
        int capacity = Math.max(initialCapacity, 16);
        splitFeature = new int[capacity];
        splitValue = new double[capacity];
        left = new int[capacity];
        right = new int[capacity];
        leafSize = new int[capacity];
    }

    /** Appends a node and returns its index; it must then be set with one of the setters. */
    int addNode() {
        if (size == splitFeature.length) {
            int capacity = Math.addExact(size, size / 2 + 1);
            splitFeature = Arrays.copyOf(splitFeature, capacity);
            splitValue = Arrays.copyOf(splitValue, capacity);
            left = Arrays.copyOf(left, capacity);
            right = Arrays.copyOf(right, capacity);
            leafSize = Arrays.copyOf(leafSize, capacity);
        }
        return size++;
    }

    void setLeaf(int node, int trainingSamples) {
        splitFeature[node] = -1;
        splitValue[node] = 0.0;
        left[node] = -1;
        right[node] = -1;
        leafSize[node] = trainingSamples;
    }

    void setSplit(int node, int feature, double value, int leftChild, int rightChild) {
        splitFeature[node] = feature;
        splitValue[node] = value;
        left[node] = leftChild;
        right[node] = rightChild;
        leafSize[node] = 0;
    }

    IsolationForest build(int dimensions, int subsampleSize, int[] treeRoots) {
        return new IsolationForest(
                dimensions,
                subsampleSize,
                treeRoots,
                Arrays.copyOf(splitFeature, size),
                Arrays.copyOf(splitValue, size),
                Arrays.copyOf(left, size),
                Arrays.copyOf(right, size),
                Arrays.copyOf(leafSize, size));
    }
}
