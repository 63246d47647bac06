package io.fleetanomaly.evaluation.tuning;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Fusion weights to try: the simplex grid of all weight vectors whose entries are multiples of
 * {@code 1 / divisions} and sum to 1 (C(divisions + d − 1, d − 1) vectors for d detectors: 66 for
 * three detectors in steps of 0.1, 231 in steps of 0.05). Entry i is {@code c_i / divisions} with
 * integer c_i, computed by one division, so it is exactly what {@code ModelBundle.detectorWeights()}
 * gives for raw weights c_i: a bundle written with the learned weights fuses as the search did.
 */
public final class WeightGrid {
    private WeightGrid() {}

    /** The simplex grid in lexicographic order of the counts, largest first ((1, 0, …) first). */
    public static List<double[]> simplex(int detectors, int divisions) {
        if (detectors < 1) {
            throw new IllegalArgumentException("need at least one detector, got " + detectors);
        }
        if (divisions < 1) {
            throw new IllegalArgumentException("divisions must be >= 1, got " + divisions);
        }
        List<double[]> grid = new ArrayList<>();
        fill(new int[detectors], 0, divisions, divisions, grid);
        return Collections.unmodifiableList(grid);
    }

    /**
     * The simplex grid ordered by L1 distance to {@code reference} (nearest first; equal distances
     * keep the lexicographic order), so that a search keeping the first of equally good vectors moves
     * away from the reference (the bundle's current weights) only when that helps.
     */
    public static List<double[]> simplexNearestFirst(double[] reference, int divisions) {
        List<double[]> grid = new ArrayList<>(simplex(reference.length, divisions));
        grid.sort(Comparator.comparingDouble(w -> distance(w, reference)));
        return Collections.unmodifiableList(grid);
    }

    /** The counts c_i of a grid vector (its entries times divisions, rounded). */
    public static int[] counts(double[] weights, int divisions) {
        int[] counts = new int[weights.length];
        for (int i = 0; i < weights.length; i++) {
            counts[i] = (int) Math.round(weights[i] * divisions);
        }
        return counts;
    }

    static double distance(double[] a, double[] b) {
        double sum = 0.0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum;
    }

    private static void fill(int[] counts, int index, int remaining, int divisions, List<double[]> out) {
        if (index == counts.length - 1) {
            counts[index] = remaining;
            double[] weights = new double[counts.length];
            for (int i = 0; i < counts.length; i++) {
                weights[i] = (double) counts[i] / divisions;
            }
            out.add(weights);
            return;
        }
        for (int c = remaining; c >= 0; c--) {
            counts[index] = c;
            fill(counts, index + 1, remaining - c, divisions, out);
        }
    }
}
