package io.fleetanomaly.format;

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
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A CSV file of sensor readings with a header row, comma- or semicolon-separated (semicolons when
 * the header has semicolons and no comma, as in SKAB). Shared by the training reader and the
 * labeled replay reader, so both recognise the same columns (case-insensitively) and report
 * problems the same way, naming the file, line and column:
 * <ul>
 *   <li>device: {@code device_id} (optional);
 *   <li>time: {@code ts}, {@code timestamp} or {@code datetime} (epoch milliseconds, ISO-8601 with
 *       offset, or a local date-time such as {@code 2020-03-09 10:14:33}, read in a given zone);
 *   <li>label: {@code label} or {@code anomaly} (0 or 1, {@code 0.0}/{@code 1.0} too; empty = unknown);
 *   <li>{@code anomaly_type} and {@code changepoint} (0/1), both optional;
 *   <li>features: the names asked for, or every other column.
 * </ul>
 * An empty feature cell is a missing reading (NaN). Not thread-safe; close it when done.
 */
public final class SensorCsv implements AutoCloseable {
    public static final Set<String> DEVICE_COLUMNS = Set.of("device_id");
    public static final Set<String> TIME_COLUMNS = Set.of("ts", "timestamp", "datetime");
    public static final Set<String> LABEL_COLUMNS = Set.of("label", "anomaly");
    public static final Set<String> ANOMALY_TYPE_COLUMNS = Set.of("anomaly_type");
    public static final Set<String> CHANGEPOINT_COLUMNS = Set.of("changepoint");

    private final Path file;
    private final MappingIterator<String[]> rows;
    private final String[] header;
    private final int deviceColumn;
    private final int timeColumn;
    private final int labelColumn;
    private final int anomalyTypeColumn;
    private final int changepointColumn;
    private final List<String> featureNames;
    private final int[] featureColumns;
    private int line = 1;

    private SensorCsv(Path file, MappingIterator<String[]> rows, String[] header, List<String> features) {
        this.file = file;
        this.rows = rows;
        this.header = header;
        this.deviceColumn = find(header, DEVICE_COLUMNS);
        this.timeColumn = find(header, TIME_COLUMNS);
        this.labelColumn = find(header, LABEL_COLUMNS);
        this.anomalyTypeColumn = find(header, ANOMALY_TYPE_COLUMNS);
        this.changepointColumn = find(header, CHANGEPOINT_COLUMNS);
        this.featureNames = List.copyOf(features.isEmpty() ? otherColumns(header) : features);
        if (featureNames.isEmpty()) {
            throw new IllegalArgumentException(file + " has no feature columns; its columns are " + String.join(", ", header));
        }
        this.featureColumns = new int[featureNames.size()];
        for (int j = 0; j < featureColumns.length; j++) {
            featureColumns[j] = Arrays.asList(header).indexOf(featureNames.get(j));
            if (featureColumns[j] < 0) {
                throw new IllegalArgumentException(file + " has no column '" + featureNames.get(j)
                        + "'; its columns are " + String.join(", ", header));
            }
        }
    }

    /**
     * Opens the file and reads its header.
     *
     * @param features the feature columns to read, in model order; empty = every column that is not
     *     a device, time, label, anomaly-type or changepoint column
     */
    public static SensorCsv open(Path file, List<String> features) {
        char separator = detectSeparator(file);
        CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(separator);
        MappingIterator<String[]> rows = null;
        try {
            rows = mapper.readerFor(String[].class).with(schema).readValues(file.toFile());
            if (!rows.hasNext()) {
                throw new IllegalArgumentException(file + " is empty");
            }
            String[] header = Arrays.stream(rows.next()).map(String::trim).toArray(String[]::new);
            return new SensorCsv(file, rows, header, features);
        } catch (IOException e) {
            closeQuietly(rows);
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (RuntimeException e) {
            closeQuietly(rows);
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    /** The feature columns read, in the order {@link Row#values()} returns them. */
    public List<String> features() {
        return featureNames;
    }

    public boolean hasDeviceColumn() {
        return deviceColumn >= 0;
    }

    public boolean hasTimeColumn() {
        return timeColumn >= 0;
    }

    public boolean hasLabelColumn() {
        return labelColumn >= 0;
    }

    /** Name of the time column as written in the header, or null. */
    public String timeColumnName() {
        return timeColumn >= 0 ? header[timeColumn] : null;
    }

    /** Name of the label column as written in the header, or null. */
    public String labelColumnName() {
        return labelColumn >= 0 ? header[labelColumn] : null;
    }

    /** The next non-blank row, or null at the end of the file. */
    public Row next() {
        try {
            while (rows.hasNext()) {
                String[] cells = rows.next();
                line++;
                if (cells.length == 1 && cells[0].isBlank()) {
                    continue;
                }
                return new Row(cells, line);
            }
            return null;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + " line " + (line + 1) + ": cannot parse CSV: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
        }
    }

    /** A problem with a cell: "FILE line N, column 'C': problem". */
    public IllegalArgumentException problem(int atLine, String column, String what) {
        return new IllegalArgumentException(file + " line " + atLine + ", column '" + column + "': " + what);
    }

    @Override
    public void close() {
        closeQuietly(rows);
    }

    /** One data row; accessors parse on demand and name the file, line and column on failure. */
    public final class Row {
        private final String[] cells;
        private final int line;

        private Row(String[] cells, int line) {
            this.cells = cells;
            this.line = line;
        }

        public int line() {
            return line;
        }

        /** The device column's value, or {@code defaultDevice} when the file has none. */
        public String device(String defaultDevice) {
            if (deviceColumn < 0) {
                return defaultDevice;
            }
            String device = cell(deviceColumn);
            if (device.isEmpty()) {
                throw problem(line, header[deviceColumn], "device id is empty");
            }
            return device;
        }

        /** The time cell as text ("" without a time column). */
        public String timeText() {
            return timeColumn >= 0 ? cell(timeColumn) : "";
        }

        /** The time cell as epoch milliseconds; local date-times are read in {@code zone}. */
        public long timestampMillis(ZoneId zone) {
            if (timeColumn < 0) {
                throw new IllegalArgumentException(file + " has no time column (" + String.join(", ", TIME_COLUMNS.stream().sorted().toList())
                        + "); its columns are " + String.join(", ", header));
            }
            String text = cell(timeColumn);
            if (text.isEmpty()) {
                throw problem(line, header[timeColumn], "time is empty");
            }
            try {
                return parseTimestamp(text, zone);
            } catch (IllegalArgumentException e) {
                throw problem(line, header[timeColumn], e.getMessage());
            }
        }

        /** 0, 1, or {@link #UNKNOWN_LABEL} for an empty cell or no label column. */
        public int label() {
            if (labelColumn < 0) {
                return UNKNOWN_LABEL;
            }
            String text = cell(labelColumn);
            if (text.isEmpty()) {
                return UNKNOWN_LABEL;
            }
            return zeroOrOne(text, labelColumn);
        }

        /** The anomaly type, or null when empty or absent. */
        public String anomalyType() {
            if (anomalyTypeColumn < 0) {
                return null;
            }
            String text = cell(anomalyTypeColumn);
            return text.isEmpty() ? null : text;
        }

        /** Whether the changepoint column is 1 (false when empty or absent). */
        public boolean changepoint() {
            if (changepointColumn < 0) {
                return false;
            }
            String text = cell(changepointColumn);
            return !text.isEmpty() && zeroOrOne(text, changepointColumn) == 1;
        }

        /** The feature values in {@link #features()} order; NaN for an empty cell. */
        public double[] values() {
            double[] values = new double[featureColumns.length];
            for (int j = 0; j < featureColumns.length; j++) {
                values[j] = number(featureColumns[j]);
            }
            return values;
        }

        private int zeroOrOne(String text, int column) {
            double value;
            try {
                value = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw problem(line, header[column], "'" + text + "' is not 0 or 1");
            }
            if (value == 0.0) {
                return 0;
            }
            if (value == 1.0) {
                return 1;
            }
            throw problem(line, header[column], "'" + text + "' is not 0 or 1");
        }

        private double number(int column) {
            String text = cell(column);
            if (text.isEmpty()) {
                return Double.NaN;
            }
            double value;
            try {
                value = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw problem(line, header[column], "'" + text + "' is not a number");
            }
            if (!Double.isFinite(value)) {
                throw problem(line, header[column], "'" + text + "' is not a finite number");
            }
            return value;
        }

        private String cell(int column) {
            return column < cells.length ? cells[column].trim() : "";
        }
    }

    /** Label value of a row without one. */
    public static final int UNKNOWN_LABEL = -1;

    /**
     * Epoch milliseconds from an integer (already epoch milliseconds), an ISO-8601 instant or
     * date-time with offset ({@code 2026-01-01T00:00:00Z}, {@code ...+01:00}), or a local date-time
     * with {@code T} or a space ({@code 2020-03-09 10:14:33}, fractions allowed) read in {@code zone}.
     */
    public static long parseTimestamp(String text, ZoneId zone) {
        String t = text.trim();
        if (t.matches("-?\\d{1,19}")) {
            try {
                return Long.parseLong(t);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is out of range for epoch milliseconds");
            }
        }
        String iso = t.length() > 10 && t.charAt(10) == ' ' ? t.substring(0, 10) + 'T' + t.substring(11) : t;
        try {
            return Instant.parse(iso).toEpochMilli();
        } catch (DateTimeException ignored) {
            // not an instant in UTC; try an offset, then a local date-time
        }
        try {
            return OffsetDateTime.parse(iso).toInstant().toEpochMilli();
        } catch (DateTimeException ignored) {
            // no offset
        }
        try {
            return LocalDateTime.parse(iso).atZone(zone).toInstant().toEpochMilli();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time (epoch milliseconds, ISO-8601, or yyyy-MM-dd HH:mm:ss)");
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
                    && !ANOMALY_TYPE_COLUMNS.contains(lower) && !CHANGEPOINT_COLUMNS.contains(lower)) {
                features.add(column);
            }
        }
        return features;
    }

    private static void closeQuietly(MappingIterator<String[]> rows) {
        if (rows != null) {
            try {
                rows.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }
}
