package io.fleetanomaly.format;

import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The order of one device's rows in an export, for training and replay. An export in arrival order
 * (what the live job receives) is kept as it is, with what real devices do now and then: repeated
 * times, a clock that steps back. An export that is not in time order at all (newest first, or
 * unsorted) is sorted by time, stably: more than {@link #MAX_STEPS_BACK} of its rows are earlier than
 * the row before them, which no device clock does.
 */
public final class RowOrder {
    /** Share of rows earlier than the row before, above which a device's rows are sorted by time. */
    public static final double MAX_STEPS_BACK = 0.1;

    private RowOrder() {}

    /** Sorts {@code rows} by time (stable) unless they are in arrival order; returns whether it sorted. */
    public static <T> boolean sortUnlessArrivalOrder(List<T> rows, ToLongFunction<T> time) {
        int stepsBack = 0;
        for (int i = 1; i < rows.size(); i++) {
            if (time.applyAsLong(rows.get(i)) < time.applyAsLong(rows.get(i - 1))) {
                stepsBack++;
            }
        }
        if (stepsBack <= MAX_STEPS_BACK * (rows.size() - 1)) {
            return false;
        }
        rows.sort(Comparator.comparingLong(time));
        return true;
    }
}
