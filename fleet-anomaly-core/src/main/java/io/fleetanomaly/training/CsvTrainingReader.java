package io.fleetanomaly.training;

import io.fleetanomaly.format.SensorCsv;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads normal training data from a CSV file with a header row (comma- or semicolon-separated),
 * with the columns {@link SensorCsv} recognises: {@code device_id} (else every row belongs to a
 * device named after the file), a time column (rows are sorted by it within a device), a label
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
                timed.sort(Comparator.comparing(TimedRow::sortKey).thenComparingInt(TimedRow::line));
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

        /** Numeric times sort numerically (zero-padded), ISO-8601 text sorts as text. */
        String sortKey() {
            if (time.matches("-?\\d+")) {
                return String.format(Locale.ROOT, "%020d", Long.parseLong(time));
            }
            return time;
        }
    }
}
