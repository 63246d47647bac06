package io.fleetanomaly.evaluation.replay;

import java.nio.file.Path;
import java.util.List;

/** One device's labeled rows from one file, in timestamp order (rows with equal times in file order). */
public record LabeledSeries(String deviceId, Path file, List<String> features, List<LabeledRow> rows) {
    public LabeledSeries {
        features = List.copyOf(features);
        rows = List.copyOf(rows);
    }

    /** The first {@code n} rows (or all), e.g. an experiment's training part. */
    public LabeledSeries head(int n) {
        return new LabeledSeries(deviceId, file, features, rows.subList(0, Math.min(n, rows.size())));
    }
}
