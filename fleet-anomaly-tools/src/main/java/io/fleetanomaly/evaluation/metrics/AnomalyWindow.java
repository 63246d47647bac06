package io.fleetanomaly.evaluation.metrics;

/** A labeled anomaly window {@code [start, end]}, both ends included, epoch ms. */
public record AnomalyWindow(long start, long end) {
    public AnomalyWindow {
        if (end < start) {
            throw new IllegalArgumentException("anomaly window ends before it starts: [" + start + ", " + end + "]");
        }
    }

    public boolean contains(long t) {
        return t >= start && t <= end;
    }
}
