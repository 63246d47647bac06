package io.fleetanomaly.evaluation.replay;

import io.fleetanomaly.format.RowOrder;
import io.fleetanomaly.format.SensorCsv;
import io.fleetanomaly.events.SensorEvent;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads labeled CSV files for replay through the job: a header row, comma- or semicolon-separated,
 * with a time column, a label column, feature columns and optionally a device column (else the
 * whole file is one device, named by the caller or after the file), as {@link SensorCsv} describes.
 * This covers a generic export ({@code device_id,ts,<features>,label}) and SKAB's format
 * ({@code datetime;<features>;anomaly;changepoint}, local times, one experiment per file).
 *
 * <p>Rows of a device come back in the file's order, the order the device sent them and the live
 * job receives them: a clock that steps back, or repeated times, are left for the replay to judge
 * as the job does ({@link EvaluationReplay}). Only a device whose rows are not in time order at all
 * (newest first, unsorted: see {@link RowOrder}) comes back sorted by time. Every
 * problem names the file, the line and the column: a missing time or label column, an unparseable
 * time, a label other than 0/1, a non-numeric or non-finite reading, a missing feature column.
 */
public final class LabeledCsvReader {
    private final List<String> features;
    private final ZoneId zone;
    private final boolean requireLabels;

    private LabeledCsvReader(List<String> features, ZoneId zone, boolean requireLabels) {
        this.features = List.copyOf(features);
        this.zone = zone;
        this.requireLabels = requireLabels;
    }

    /**
     * A reader of the given feature columns (in model order; empty = every other column), local
     * date-times read in UTC, every row required to have a label.
     */
    public static LabeledCsvReader forFeatures(List<String> features) {
        return new LabeledCsvReader(features, ZoneOffset.UTC, true);
    }

    /** The zone of times written without an offset (default UTC). */
    public LabeledCsvReader zone(ZoneId zone) {
        return new LabeledCsvReader(features, zone, requireLabels);
    }

    /** Whether a missing label column or an empty label cell is an error (default) or an unknown label. */
    public LabeledCsvReader requireLabels(boolean require) {
        return new LabeledCsvReader(features, zone, require);
    }

    /** Reads a file; a file without a device column is one device named after the file. */
    public List<LabeledSeries> read(Path file) {
        return read(file, file.getFileName().toString().replaceFirst("(?i)\\.csv$", ""));
    }

    /** Reads a file; a file without a device column is one device called {@code deviceId}. */
    public List<LabeledSeries> read(Path file, String deviceId) {
        try (SensorCsv csv = SensorCsv.open(file, features)) {
            if (!csv.hasTimeColumn()) {
                throw new IllegalArgumentException(file + " has no time column (ts, timestamp or datetime)");
            }
            if (requireLabels && !csv.hasLabelColumn()) {
                throw new IllegalArgumentException(file + " has no label column (label or anomaly)");
            }
            Map<String, List<LabeledRow>> byDevice = new LinkedHashMap<>();
            SensorCsv.Row row;
            while ((row = csv.next()) != null) {
                long ts = row.timestampMillis(zone);
                int label = row.label();
                if (label == SensorCsv.UNKNOWN_LABEL) {
                    if (requireLabels) {
                        throw csv.problem(row.line(), csv.labelColumnName(), "label is empty");
                    }
                    label = SensorEvent.LABEL_UNKNOWN;
                }
                LabeledRow labeled = new LabeledRow(ts, row.values(), label, row.anomalyType(), row.changepoint(), row.line());
                byDevice.computeIfAbsent(row.device(deviceId), d -> new ArrayList<>()).add(labeled);
            }
            if (byDevice.isEmpty()) {
                throw new IllegalArgumentException(file + " has no data rows");
            }
            List<LabeledSeries> series = new ArrayList<>();
            byDevice.forEach((device, rows) -> {
                RowOrder.sortUnlessArrivalOrder(rows, LabeledRow::ts);
                series.add(new LabeledSeries(device, file, csv.features(), rows));
            });
            return series;
        }
    }

    /**
     * Reads several files, each device named by its file's path under {@code root}
     * ({@link #deviceIdFor}); the feature columns are this reader's, or else the first file's, so
     * every series comes back with the same features in the same order.
     */
    public List<LabeledSeries> readAll(Path root, List<Path> files) {
        List<LabeledSeries> series = new ArrayList<>();
        LabeledCsvReader reader = this;
        for (Path file : files) {
            List<LabeledSeries> read = reader.read(file, deviceIdFor(root, file));
            reader = new LabeledCsvReader(read.get(0).features(), zone, requireLabels);
            series.addAll(read);
        }
        return series;
    }

    /**
     * Device id of a file under a benchmark directory: its path relative to {@code root}, with
     * '/' separators and without {@code .csv} (SKAB's {@code valve1/3.csv} is device {@code valve1/3}).
     */
    public static String deviceIdFor(Path root, Path file) {
        Path relative = root.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize());
        List<String> parts = new ArrayList<>();
        relative.forEach(part -> parts.add(part.toString()));
        return String.join("/", parts).replaceFirst("(?i)\\.csv$", "");
    }
}
