package io.fleetanomaly.evaluation.metrics;

import java.util.ArrayList;
import java.util.List;

/** Curve helpers for plotting. */
public final class Curves {
    private Curves() {}

    /**
     * At most {@code maxPoints} points of {@code points}, chosen by Largest-Triangle-Three-Buckets
     * (Steinarsson 2013): the first and last points are kept, the rest are split into
     * {@code maxPoints - 2} buckets of consecutive points and each bucket keeps the point forming the
     * largest triangle with the previously kept point and the next bucket's mean, which preserves
     * corners and steps. Returns the input unchanged when it is already small enough.
     */
    public static <P extends CurvePoint> List<P> downsample(List<P> points, int maxPoints) {
        if (maxPoints < 2) {
            throw new IllegalArgumentException("a downsampled curve needs at least 2 points, got " + maxPoints);
        }
        int n = points.size();
        if (n <= maxPoints) {
            return points;
        }
        List<P> kept = new ArrayList<>(maxPoints);
        kept.add(points.get(0));
        int buckets = maxPoints - 2;
        double bucketSize = (double) (n - 2) / buckets;
        int previous = 0;
        for (int b = 0; b < buckets; b++) {
            int from = 1 + (int) Math.floor(b * bucketSize);
            int to = 1 + (int) Math.floor((b + 1) * bucketSize); // exclusive
            int nextFrom = to;
            int nextTo = b == buckets - 1 ? n : 1 + (int) Math.floor((b + 2) * bucketSize);
            double meanX = 0;
            double meanY = 0;
            for (int i = nextFrom; i < nextTo; i++) {
                meanX += points.get(i).x();
                meanY += points.get(i).y();
            }
            meanX /= nextTo - nextFrom;
            meanY /= nextTo - nextFrom;
            double ax = points.get(previous).x();
            double ay = points.get(previous).y();
            int best = from;
            double bestArea = -1;
            for (int i = from; i < to; i++) {
                P p = points.get(i);
                double area = Math.abs((ax - meanX) * (p.y() - ay) - (ax - p.x()) * (meanY - ay));
                if (area > bestArea) {
                    bestArea = area;
                    best = i;
                }
            }
            kept.add(points.get(best));
            previous = best;
        }
        kept.add(points.get(n - 1));
        return kept;
    }
}
