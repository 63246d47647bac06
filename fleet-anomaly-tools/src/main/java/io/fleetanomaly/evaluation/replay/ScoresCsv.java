package io.fleetanomaly.evaluation.replay;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.fleetanomaly.events.Severity;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-event scores of a replay as CSV, one row per replayed event in the replay's order:
 * {@code device_id, ts, label, warming_up}, each detector's calibrated score ({@code <name>_score}),
 * {@code fused_score}, {@code cusum}, and the alert open on the device after the event:
 * {@code severity_score}, {@code severity} and {@code alert_id}, empty when none is open. Scores of
 * warm-up events are empty (they are not scored).
 */
public final class ScoresCsv {
    private ScoresCsv() {}

    public static void write(ReplayResult replay, Path file) throws IOException {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true)
                .addColumn("device_id").addColumn("ts").addColumn("label").addColumn("warming_up");
        for (String detector : replay.detectorNames()) {
            schema.addColumn(detector + "_score");
        }
        schema.addColumn("fused_score").addColumn("cusum")
                .addColumn("severity_score").addColumn("severity").addColumn("alert_id");
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                SequenceWriter rows = new CsvMapper().writer(schema.build()).writeValues(out)) {
            for (ReplayRecord record : replay.records()) {
                rows.write(row(record, replay.detectorNames().size()));
            }
        }
    }

    private static List<Object> row(ReplayRecord r, int detectors) {
        List<Object> row = new ArrayList<>(9 + detectors);
        row.add(r.deviceId());
        row.add(r.ts());
        row.add(r.label());
        row.add(r.warmingUp());
        for (int d = 0; d < detectors; d++) {
            row.add(r.warmingUp() || r.detectorScores() == null ? "" : number(r.detectorScores()[d]));
        }
        row.add(r.warmingUp() ? "" : number(r.fusedScore()));
        row.add(number(r.cusum()));
        boolean open = r.openAlertId() != null;
        row.add(open ? number(r.severityScore()) : "");
        row.add(open ? Severity.ofScore(r.severityScore()).name() : "");
        row.add(r.openAlertId() == null ? "" : r.openAlertId());
        return row;
    }

    private static Object number(double value) {
        return Double.isFinite(value) ? (Object) value : "";
    }
}
