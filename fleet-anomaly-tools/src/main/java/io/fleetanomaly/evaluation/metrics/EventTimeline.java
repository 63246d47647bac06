package io.fleetanomaly.evaluation.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One device's events in time order, as the evaluation replay collected them: timestamps (epoch ms,
 * non-decreasing), ground-truth labels, and optionally whether an alert was open at each event
 * ({@code predicted}) and the anomaly score. Arrays are used as given, not copied; {@code predicted}
 * and {@code scores} may be null when not collected.
 */
public record EventTimeline(String deviceId, long[] timestamps, boolean[] labels, boolean[] predicted, double[] scores) {
    public EventTimeline {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(timestamps, "timestamps");
        Objects.requireNonNull(labels, "labels");
        int n = timestamps.length;
        requireLength(deviceId, "labels", labels.length, n);
        if (predicted != null) {
            requireLength(deviceId, "predicted", predicted.length, n);
        }
        if (scores != null) {
            requireLength(deviceId, "scores", scores.length, n);
        }
        for (int i = 1; i < n; i++) {
            if (timestamps[i] < timestamps[i - 1]) {
                throw new IllegalArgumentException("device " + deviceId + ": timestamps go back in time at event " + i
                        + " (" + timestamps[i - 1] + " then " + timestamps[i] + ")");
            }
        }
    }

    public static EventTimeline ofPredictions(String deviceId, long[] timestamps, boolean[] labels, boolean[] predicted) {
        return new EventTimeline(deviceId, timestamps, labels, Objects.requireNonNull(predicted, "predicted"), null);
    }

    public static EventTimeline ofScores(String deviceId, long[] timestamps, boolean[] labels, double[] scores) {
        return new EventTimeline(deviceId, timestamps, labels, null, Objects.requireNonNull(scores, "scores"));
    }

    public int size() {
        return timestamps.length;
    }

    /** A run of consecutive label-1 events, by index (inclusive) and time. */
    public record Episode(int firstIndex, int lastIndex, long start, long end) {}

    /** The labeled anomaly episodes: maximal runs of consecutive label-1 events. */
    public List<Episode> episodes() {
        List<Episode> episodes = new ArrayList<>();
        int i = 0;
        while (i < labels.length) {
            if (!labels[i]) {
                i++;
                continue;
            }
            int first = i;
            while (i + 1 < labels.length && labels[i + 1]) {
                i++;
            }
            episodes.add(new Episode(first, i, timestamps[first], timestamps[i]));
            i++;
        }
        return Collections.unmodifiableList(episodes);
    }

    /** Start times of the labeled episodes: the changepoints, in SKAB's terms. */
    public long[] changepoints() {
        return episodes().stream().mapToLong(Episode::start).toArray();
    }

    /**
     * Times at which an alert opened: events predicted positive whose previous event was not (or which
     * come first). Two alerts back to back with no unflagged event between them count as one.
     */
    public long[] alertOpenings() {
        if (predicted == null) {
            throw new IllegalStateException("device " + deviceId + ": timeline has no predictions");
        }
        return java.util.stream.IntStream.range(0, predicted.length)
                .filter(i -> predicted[i] && (i == 0 || !predicted[i - 1]))
                .mapToLong(i -> timestamps[i])
                .toArray();
    }

    private static void requireLength(String deviceId, String name, int length, int expected) {
        if (length != expected) {
            throw new IllegalArgumentException("device " + deviceId + ": " + name + " has " + length
                    + " entries for " + expected + " timestamps");
        }
    }
}
