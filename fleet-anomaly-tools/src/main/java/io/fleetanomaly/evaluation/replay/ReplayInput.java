package io.fleetanomaly.evaluation.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the replayed rows hold that real exports often do and a live job meets too, counted per
 * device in row (arrival) order: rows with the same time as the row before them, and rows earlier
 * than the row before them (a clock stepping back), with the largest step and where it is; and the
 * devices whose rows were not in time order at all and were sorted by time when read
 * ({@code io.fleetanomaly.format.RowOrder}).
 */
public record ReplayInput(long rows, long repeatedTimestamps, long stepsBack, long largestStepBackMs,
        String largestStepBackAt, List<String> sortedDevices) {

    public static ReplayInput of(List<LabeledSeries> series) {
        long rows = 0;
        long repeated = 0;
        long stepsBack = 0;
        long largest = 0;
        String at = null;
        List<String> sorted = new ArrayList<>();
        for (LabeledSeries one : series) {
            List<LabeledRow> list = one.rows();
            rows += list.size();
            boolean sortedWhenRead = false;
            for (int i = 1; i < list.size(); i++) {
                sortedWhenRead |= list.get(i).line() < list.get(i - 1).line();
                long step = list.get(i - 1).ts() - list.get(i).ts();
                if (step == 0) {
                    repeated++;
                } else if (step > 0) {
                    stepsBack++;
                    if (step > largest) {
                        largest = step;
                        at = one.deviceId() + (one.file() == null ? "" : " (" + one.file().getFileName() + " line " + list.get(i).line() + ")");
                    }
                }
            }
            if (sortedWhenRead) {
                sorted.add(one.deviceId());
            }
        }
        return new ReplayInput(rows, repeated, stepsBack, largest, at, List.copyOf(sorted));
    }

    /**
     * One line for a summary: the rows, what in them is out of the ordinary, and what the job made of
     * it ({@code late} rows not scored, {@code rejected} rows sent to the dead letters).
     */
    public String describe(long late, long rejected, long outOfOrdernessMs) {
        List<String> parts = new ArrayList<>();
        parts.add(String.format(Locale.ROOT, "%,d rows", rows));
        if (!sortedDevices.isEmpty()) {
            parts.add("not in time order at all, so sorted by time: " + String.join(", ", sortedDevices.subList(0,
                    Math.min(5, sortedDevices.size()))) + (sortedDevices.size() > 5 ? " and " + (sortedDevices.size() - 5) + " more" : ""));
        }
        if (repeatedTimestamps > 0) {
            parts.add(String.format(Locale.ROOT, "%,d with the time of the row before (scored one after the other)",
                    repeatedTimestamps));
        }
        if (stepsBack > 0) {
            parts.add(String.format(Locale.ROOT, "the clock steps back %,d time%s (largest %s at %s)", stepsBack,
                    stepsBack == 1 ? "" : "s", duration(largestStepBackMs), largestStepBackAt));
        }
        parts.add(String.format(Locale.ROOT, "%,d late (more than %s behind their device's newest event: not scored,"
                + " as the live job would not)", late, duration(outOfOrdernessMs)));
        parts.add(String.format(Locale.ROOT, "%,d rejected (dead letters)", rejected));
        return "replayed rows: " + String.join("; ", parts);
    }

    private static String duration(long ms) {
        return ms % 1000 == 0 ? String.format(Locale.ROOT, "%,d s", ms / 1000) : String.format(Locale.ROOT, "%,d ms", ms);
    }
}
