package io.fleetanomaly.evaluation.report;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Shortens a timeline for drawing by merging runs of consecutive events into one point: the
 * first timestamp of the run, the peak of each score and of the CUSUM (so a short spike stays
 * visible), label 1 if any event was labeled, alert open if it was open at any event.
 */
final class TimelineDownsampler {
    private TimelineDownsampler() {
    }

    static DeviceTimeline downsample(DeviceTimeline t, int maxPoints) {
        if (maxPoints < 1) {
            throw new IllegalArgumentException("maxPoints must be positive: " + maxPoints);
        }
        int n = t.size();
        if (n <= maxPoints) {
            return t;
        }
        int buckets = maxPoints;
        long[] timestamps = new long[buckets];
        double[] fused = new double[buckets];
        int[] labels = new int[buckets];
        boolean[] alertOpen = new boolean[buckets];
        double[] cusum = new double[buckets];
        Map<String, double[]> detectors = new LinkedHashMap<>();
        t.detectorScores().forEach((name, scores) -> detectors.put(name, new double[buckets]));
        for (int b = 0; b < buckets; b++) {
            int from = (int) ((long) b * n / buckets);
            int to = (int) ((long) (b + 1) * n / buckets);
            timestamps[b] = t.timestamps()[from];
            fused[b] = peak(t.fused(), from, to);
            cusum[b] = peak(t.cusum(), from, to);
            for (int i = from; i < to; i++) {
                labels[b] = Math.max(labels[b], t.labels()[i]);
                alertOpen[b] |= t.alertOpen()[i];
            }
            for (Map.Entry<String, double[]> e : detectors.entrySet()) {
                e.getValue()[b] = peak(t.detectorScores().get(e.getKey()), from, to);
            }
        }
        return new DeviceTimeline(t.deviceId(), timestamps, fused, detectors, labels, alertOpen, cusum,
                t.cusumThreshold());
    }

    /** Largest finite value in {@code values[from, to)}, or NaN if none is finite. */
    private static double peak(double[] values, int from, int to) {
        double peak = Double.NaN;
        for (int i = from; i < to; i++) {
            double v = values[i];
            if (Double.isFinite(v) && (Double.isNaN(peak) || v > peak)) {
                peak = v;
            }
        }
        return peak;
    }
}
