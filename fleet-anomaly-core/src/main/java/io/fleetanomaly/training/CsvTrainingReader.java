package io.fleetanomaly.training;

import io.fleetanomaly.format.RowOrder;
import io.fleetanomaly.format.SensorCsv;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads normal training data from a CSV file with a header row (comma- or semicolon-separated),
 * with the columns {@link SensorCsv} recognises: {@code device_id} (else every row belongs to a
 * device named after the file), a time column (a device's rows stay in the file's order, the order
 * the device sent them, so a clock that steps back or repeats a time does not interleave stretches
 * of readings into windows that never happened; only rows not in time order at all, newest first
 * or unsorted, are sorted by it: {@link RowOrder}), a label
 * column (rows labeled 1 are not normal and are skipped), and feature columns: the given feature
 * names, or every other column. An empty cell is a missing reading. Problems are reported with the
 * file, line and column.
 */
public final class CsvTrainingReader {
    private CsvTrainingReader() {}

    /** @param features the feature columns to read, in model order; empty = every other column. */
    public static TrainingData read(Path file, List<String> features) {
        try (SensorCsv csv = SensorCsv.open(file, features)) {
            String defaultDevice = file.getFileName().toString().replaceFirst("\\.csv$", "");
            Map<String, List<TimedRow>> byDevice = new LinkedHashMap<>();
            SensorCsv.Row row;
            while ((row = csv.next()) != null) {
                if (row.label() == 1) {
                    continue;
                }
                byDevice.computeIfAbsent(row.device(defaultDevice), d -> new ArrayList<>())
                        .add(new TimedRow(row.timeText(), row.line(), row.values()));
            }
            TrainingData data = new TrainingData(csv.features());
            byDevice.forEach((device, timed) -> {
                RowOrder.sortUnlessArrivalOrder(timed, TimedRow::millis);
                timed.forEach(r -> data.add(device, r.millis(), r.values()));
            });
            return data;
        }
    }

    private record TimedRow(String time, int line, double[] values) {
        /** The time as epoch ms (local date-times in UTC), or {@link TrainingData#UNKNOWN_TIME}. */
        long millis() {
            if (time.isEmpty()) {
                return TrainingData.UNKNOWN_TIME;
            }
            try {
                return SensorCsv.parseTimestamp(time, java.time.ZoneOffset.UTC);
            } catch (IllegalArgumentException e) {
                return TrainingData.UNKNOWN_TIME;
            }
        }
    }
}
