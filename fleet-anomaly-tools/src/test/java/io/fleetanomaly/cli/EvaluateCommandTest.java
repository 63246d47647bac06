package io.fleetanomaly.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetanomaly.events.SensorEvent;
import io.fleetanomaly.simulator.FleetSimulator;
import io.fleetanomaly.simulator.SimulatorProfile;
import io.fleetanomaly.simulator.SimulatorSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluate} on a small labeled CSV the test writes: the confusion matrix it reports is the expected one. */
class EvaluateCommandTest {
    private static final int ROWS = 400;
    private static final int FAULT_START = 200;
    private static final int FAULT_END = 260; // exclusive
    private static final int WARMUP = 50;

    /**
     * Two pumps of normal simulated operation, 1 Hz; pump A has an unmistakable fault (temperature
     * +40 °C, vibration x6) on rows 200..259, labeled 1; every other row is labeled 0.
     */
    private static Path writeCsv(Path dir) throws Exception {
        FleetSimulator fleet = new FleetSimulator(SimulatorSettings.builder()
                .profile(SimulatorProfile.INDUSTRIAL).devices(2).eventsPerDevice(ROWS).seed(21).normalOnly(true)
                .missingRate(0).build());
        List<String> features = SimulatorProfile.INDUSTRIAL.featureNames();
        List<String> lines = new ArrayList<>();
        lines.add("device_id,ts," + String.join(",", features) + ",label");
        java.util.Map<String, Integer> rows = new java.util.HashMap<>();
        for (long i = 0; i < fleet.totalEvents(); i++) {
            SensorEvent e = fleet.eventAt(i).toSensorEvent();
            int row = rows.merge(e.deviceId, 1, Integer::sum) - 1;
            boolean fault = e.deviceId.equals(fleet.eventAt(0).deviceId()) && row >= FAULT_START && row < FAULT_END;
            double[] v = e.values.clone();
            if (fault) {
                v[features.indexOf("temperature_c")] += 40;
                v[features.indexOf("vibration_mm_s")] *= 6;
            }
            StringBuilder line = new StringBuilder(e.deviceId).append(',').append(e.ts);
            for (double x : v) {
                line.append(',').append(String.format(Locale.ROOT, "%.5f", x));
            }
            lines.add(line.append(',').append(fault ? 1 : 0).toString());
        }
        Path csv = dir.resolve("pumps.csv");
        Files.write(csv, lines);
        return csv;
    }

    @Test
    void reportsTheConfusionMatrixOfTheAlertOutputAndWritesTheReport(@TempDir Path dir) throws Exception {
        Path csv = writeCsv(dir);
        Path out = dir.resolve("report");
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            code = FleetAnomalyCli.execute("evaluate", csv.toString(), "--bundle", "classpath:bundles/industrial",
                    "--no-lstm", "--warmup-rows", "" + WARMUP, "--out", out.toString(), "--timelines", "2",
                    "--scores-csv", dir.resolve("scores/events.csv").toString());
        } finally {
            System.setOut(original);
        }
        String printed = captured.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed).isZero();

        Matcher m = Pattern.compile("alerts \\(h [0-9.]+\\).*TP ([0-9,]+) FP ([0-9,]+) FN ([0-9,]+) TN ([0-9,]+)").matcher(printed);
        assertThat(m.find()).as(printed).isTrue();
        long tp = count(m.group(1));
        long fp = count(m.group(2));
        long fn = count(m.group(3));
        long tn = count(m.group(4));
        int fault = FAULT_END - FAULT_START;
        // Every scored row is counted once: 2 pumps x (400 - 50 warm-up) rows, 60 of them anomalous.
        assertThat(tp + fp + fn + tn).isEqualTo(2L * (ROWS - WARMUP));
        assertThat(tp + fn).isEqualTo(fault);
        // The alert opens within a few events of the fault and stays open to its end ...
        assertThat(fn).as("missed fault rows (detection delay)").isBetween(1L, 4L);
        // ... and resolves within the hysteresis after it; pump B and pump A's normal stretches raise nothing else.
        assertThat(fp).as("rows under the alert after the fault ended").isBetween(1L, 25L);
        assertThat(printed).contains("anomalies detected  1 of 1");

        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        JsonNode confusion = report.path("alerts").path("confusion");
        assertThat(List.of(confusion.path("tp").asLong(), confusion.path("fp").asLong(), confusion.path("fn").asLong(),
                confusion.path("tn").asLong())).containsExactly(tp, fp, fn, tn);
        assertThat(out.resolve("report.html")).exists();
        assertThat(out.resolve("roc.png")).exists();
        assertThat(report.path("timelines")).hasSize(2);

        // The per-event scores: every row once, warm-up rows without scores, and the rows under an
        // open alert (those the confusion matrix counts as flagged) with the alert's id and severity.
        List<String> scores = Files.readAllLines(dir.resolve("scores/events.csv"));
        assertThat(scores.get(0)).isEqualTo("device_id,ts,label,warming_up,iforest_score,mahalanobis_score,"
                + "fused_score,cusum,severity_score,severity,alert_id");
        List<String[]> rows = scores.subList(1, scores.size()).stream().map(line -> line.split(",", -1)).toList();
        assertThat(rows).hasSize(2 * ROWS).allSatisfy(row -> assertThat(row).hasSize(11));
        List<String[]> warm = rows.stream().filter(row -> row[3].equals("false")).toList();
        assertThat(rows.stream().filter(row -> row[3].equals("true")))
                .hasSize(2 * WARMUP).allSatisfy(row -> assertThat(row[4] + row[5] + row[6]).isEmpty());
        assertThat(warm).allSatisfy(row -> assertThat(Double.parseDouble(row[6])).isNotNegative());
        List<String[]> flagged = warm.stream().filter(row -> !row[10].isEmpty()).toList();
        assertThat((long) flagged.size()).isEqualTo(tp + fp);
        assertThat(flagged.stream().filter(row -> row[2].equals("1")).count()).isEqualTo(tp);
        assertThat(flagged).allSatisfy(row -> {
            assertThat(row[10]).startsWith(row[0] + "/");
            assertThat(Double.parseDouble(row[8])).isBetween(0.0, 1.0);
            assertThat(row[9]).isIn("LOW", "MEDIUM", "HIGH", "CRITICAL");
        });
        assertThat(warm.stream().filter(row -> row[10].isEmpty())).allSatisfy(row -> assertThat(row[8] + row[9]).isEmpty());
    }

    private static long count(String text) {
        return Long.parseLong(text.replace(",", ""));
    }
}
