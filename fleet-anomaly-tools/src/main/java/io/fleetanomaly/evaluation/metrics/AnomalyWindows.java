package io.fleetanomaly.evaluation.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Builds NAB scoring windows around changepoints the way SKAB's scorer does ({@code tsad},
 * {@code single_detecting_boundaries}): a window of a fixed width per changepoint, placed
 * {@link Placement#LEFT before}, {@link Placement#RIGHT after} or {@link Placement#CENTER around} it,
 * and overlapping windows resolved by tsad's default {@code intersection_mode='cut right window'}: when
 * a window starts at or before the previous one's end, its start moves to that end (the two then
 * share that instant). Explicit windows (NAB's own labels) need no builder: use
 * {@link AnomalyWindow} directly.
 */
public final class AnomalyWindows {
    private AnomalyWindows() {}

    /** Where the window lies relative to its changepoint (tsad's {@code anomaly_window_destination}). */
    public enum Placement {
        /** {@code [cp - width, cp]}: tsad's {@code 'lefter'}. */
        LEFT,
        /** {@code [cp, cp + width]}: tsad's {@code 'righter'}, the window starts at the changepoint. */
        RIGHT,
        /** {@code [cp - width/2, cp + width/2]}: tsad's {@code 'center'}. */
        CENTER
    }

    /** Windows for changepoints given in increasing time order. */
    public static List<AnomalyWindow> aroundChangepoints(long[] changepoints, long widthMs, Placement placement) {
        if (widthMs <= 0) {
            throw new IllegalArgumentException("window width must be > 0 ms, got " + widthMs);
        }
        List<AnomalyWindow> windows = new ArrayList<>(changepoints.length);
        long previousEnd = Long.MIN_VALUE;
        for (int i = 0; i < changepoints.length; i++) {
            long cp = changepoints[i];
            if (i > 0 && cp < changepoints[i - 1]) {
                throw new IllegalArgumentException("changepoints must be in time order: " + changepoints[i - 1]
                        + " then " + cp);
            }
            long start;
            long end;
            switch (placement) {
                case LEFT -> {
                    start = cp - widthMs;
                    end = cp;
                }
                case RIGHT -> {
                    start = cp;
                    end = cp + widthMs;
                }
                case CENTER -> {
                    // pandas halves a Timedelta exactly in ns; in ms an odd width leaves the extra ms on the right.
                    start = cp - widthMs / 2;
                    end = cp + (widthMs - widthMs / 2);
                }
                default -> throw new IllegalStateException("unknown placement " + placement);
            }
            if (i > 0 && previousEnd >= start) {
                start = previousEnd; // tsad 'cut right window'
            }
            windows.add(new AnomalyWindow(start, end));
            previousEnd = end;
        }
        return Collections.unmodifiableList(windows);
    }

    /** Windows around the starts of the timeline's labeled episodes. */
    public static List<AnomalyWindow> aroundChangepoints(EventTimeline timeline, long widthMs, Placement placement) {
        return aroundChangepoints(timeline.changepoints(), widthMs, placement);
    }
}
