package io.fleetanomaly.training;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads normal training data from a CSV file with a header row (comma- or semicolon-separated).
 * Recognised columns: {@code device_id} (else every row belongs to a device named after the file),
 * a time column ({@code ts}, {@code timestamp} or {@code datetime}; rows are sorted by it within a
 * device), a label column ({@code label} or {@code anomaly}: rows labeled 1 are not normal and are
 * skipped), and feature columns: the given feature names, or every other column. An empty cell is a
 * missing reading. Problems are reported with the file, line and column.
 */
public final class CsvTrainingReader {
    private static final Set<String> DEVICE_COLUMNS = Set.of("device_id");
    private static final Set<String> TIME_COLUMNS = Set.of("ts", "timestamp", "datetime");
    private static final Set<String> LABEL_COLUMNS = Set.of("label", "anomaly");
    private static final Set<String> IGNORED_COLUMNS = Set.of("anomaly_type", "changepoint");

    private CsvTrainingReader() {}

    /** @param features the feature columns to read, in model order; empty = every other column. */
    public static TrainingData read(Path file, List<String> features) {
        char separator = detectSeparator(file);
        CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(separator);
        try (MappingIterator<String[]> rows = mapper.readerFor(String[].class).with(schema).readValues(file.toFile())) {
            if (!rows.hasNext()) {
                throw new IllegalArgumentException(file + " is empty");
            }
            String[] header = Arrays.stream(rows.next()).map(String::trim).toArray(String[]::new);
            int deviceColumn = find(header, DEVICE_COLUMNS);
            int timeColumn = find(header, TIME_COLUMNS);
            int labelColumn = find(header, LABEL_COLUMNS);
            List<String> featureNames = features.isEmpty() ? otherColumns(header) : features;
            int[] featureColumns = new int[featureNames.size()];
            for (int j = 0; j < featureColumns.length; j++) {
                featureColumns[j] = Arrays.asList(header).indexOf(featureNames.get(j));
                if (featureColumns[j] < 0) {
                    throw new IllegalArgumentException(file + " has no column '" + featureNames.get(j)
                            + "'; its columns are " + String.join(", ", header));
                }
            }
            String defaultDevice = file.getFileName().toString().replaceFirst("\\.csv$", "");
            Map<String, List<TimedRow>> byDevice = new java.util.LinkedHashMap<>();
            int line = 1;
            while (rows.hasNext()) {
                String[] cells = rows.next();
                line++;
                if (cells.length == 1 && cells[0].isBlank()) {
                    continue;
                }
                if (labelColumn >= 0 && isAnomalous(cell(cells, labelColumn), file, line)) {
                    continue;
                }
                double[] values = new double[featureColumns.length];
                for (int j = 0; j < featureColumns.length; j++) {
                    values[j] = number(cell(cells, featureColumns[j]), file, line, featureNames.get(j));
                }
                String device = deviceColumn >= 0 ? cell(cells, deviceColumn) : defaultDevice;
                String time = timeColumn >= 0 ? cell(cells, timeColumn) : "";
                byDevice.computeIfAbsent(device, d -> new ArrayList<>()).add(new TimedRow(time, line, values));
            }
            TrainingData data = new TrainingData(featureNames);
            byDevice.forEach((device, timed) -> {
                timed.sort(Comparator.comparing(TimedRow::sortKey).thenComparingInt(TimedRow::line));
                timed.forEach(row -> data.add(device, row.values()));
            });
            return data;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private record TimedRow(String time, int line, double[] values) {
        /** Numeric times sort numerically (zero-padded), ISO-8601 text sorts as text. */
        String sortKey() {
            if (time.matches("-?\\d+")) {
                return String.format(Locale.ROOT, "%020d", Long.parseLong(time));
            }
            return time;
        }
    }

    private static char detectSeparator(Path file) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = reader.readLine();
            if (header == null) {
                throw new IllegalArgumentException(file + " is empty");
            }
            return header.indexOf(';') >= 0 && header.indexOf(',') < 0 ? ';' : ',';
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static int find(String[] header, Set<String> names) {
        for (int i = 0; i < header.length; i++) {
            if (names.contains(header[i].toLowerCase(Locale.ROOT))) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> otherColumns(String[] header) {
        List<String> features = new ArrayList<>();
        for (String column : header) {
            String lower = column.toLowerCase(Locale.ROOT);
            if (!DEVICE_COLUMNS.contains(lower) && !TIME_COLUMNS.contains(lower) && !LABEL_COLUMNS.contains(lower)
                    && !IGNORED_COLUMNS.contains(lower)) {
                features.add(column);
            }
        }
        return features;
    }

    private static String cell(String[] cells, int column) {
        return column < cells.length ? cells[column].trim() : "";
    }

    private static boolean isAnomalous(String label, Path file, int line) {
        if (label.isEmpty()) {
            return false;
        }
        try {
            return Double.parseDouble(label) >= 0.5;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + " line " + line + ": label '" + label + "' is not a number");
        }
    }

    private static double number(String text, Path file, int line, String column) {
        if (text.isEmpty()) {
            return Double.NaN;
        }
        try {
            double value = Double.parseDouble(text);
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException(file + " line " + line + ": " + column + " is " + text);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    file + " line " + line + ": " + column + " '" + text + "' is not a number");
        }
    }
}
