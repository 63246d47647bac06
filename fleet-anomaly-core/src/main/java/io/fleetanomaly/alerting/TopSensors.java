package io.fleetanomaly.alerting;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** The sensors with the largest shares of an alert's accumulated contributions, largest first. */
public final class TopSensors {

    private static final TopSensors NONE = new TopSensors(new int[0], new double[0]);

    private final int[] indices;
    private final double[] shares;

    private TopSensors(int[] indices, double[] shares) {
        this.indices = indices;
        this.shares = shares;
    }

    /**
     * Ranks sensors by their total contribution; each share is the total divided by the sum over all
     * sensors. Sensors with no contribution are never named; ties keep feature order.
     */
    public static TopSensors rank(double[] totals, int limit) {
        if (totals == null) {
            return NONE;
        }
        double sum = 0.0;
        for (double total : totals) {
            sum += total;
        }
        if (!(sum > 0.0)) {
            return NONE;
        }
        int[] ranked = IntStream.range(0, totals.length)
                .filter(i -> totals[i] > 0.0)
                .boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> totals[i]).reversed())
                .limit(limit)
                .mapToInt(Integer::intValue)
                .toArray();
        double[] shares = new double[ranked.length];
        for (int r = 0; r < ranked.length; r++) {
            shares[r] = totals[ranked[r]] / sum;
        }
        return new TopSensors(ranked, shares);
    }

    /**
     * {@code rank(totals, limit).topIndex()} for any {@code limit >= 1}, without ranking: the first
     * sensor (in feature order) with the largest positive total, or -1 when the totals do not sum
     * to a positive number. The alert function asks for it on every event of an open alert.
     */
    public static int topIndexOf(double[] totals) {
        if (totals == null) {
            return -1;
        }
        double sum = 0.0;
        for (double total : totals) {
            sum += total;
        }
        if (!(sum > 0.0)) {
            return -1;
        }
        int top = -1;
        for (int i = 0; i < totals.length; i++) {
            if (totals[i] > 0.0 && (top < 0 || totals[i] > totals[top])) {
                top = i;
            }
        }
        return top;
    }

    /** Sensor indices (positions in the feature order), largest share first. */
    public int[] indices() {
        return indices.clone();
    }

    /** Shares in [0, 1], aligned with {@link #indices()}. */
    public double[] shares() {
        return shares.clone();
    }

    /** Index of the largest contributor, or -1 when no sensor contributed. */
    public int topIndex() {
        return indices.length == 0 ? -1 : indices[0];
    }

    public int size() {
        return indices.length;
    }

    /** The names of the ranked sensors, given all feature names in feature order. */
    public String[] names(String[] featureNames) {
        String[] names = new String[indices.length];
        for (int r = 0; r < indices.length; r++) {
            names[r] = featureNames[indices[r]];
        }
        return names;
    }

    @Override
    public String toString() {
        return "TopSensors{indices=" + Arrays.toString(indices) + ", shares=" + Arrays.toString(shares) + "}";
    }
}
