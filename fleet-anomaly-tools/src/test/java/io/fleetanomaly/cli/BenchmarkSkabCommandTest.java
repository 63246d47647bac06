package io.fleetanomaly.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code benchmark-skab} on a small directory laid out and formatted like SKAB (written by the
 * test, so the test command needs no benchmark data): it runs the protocol, prints our row in the
 * leaderboard, and its regression guards pass or fail the run.
 */
class BenchmarkSkabCommandTest {
    private static final String HEADER = "datetime;Accelerometer1RMS;Accelerometer2RMS;Current;Pressure;Temperature;"
            + "Thermocouple;Voltage;Volume Flow RateRMS;anomaly;changepoint";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final int ROWS = 700;
    private static final int ANOMALY_START = 500;
    private static final int ANOMALY_END = 600; // exclusive

    /** Normal operation: independent Gaussian noise around fixed levels; the anomaly drops the flow by 8 units (20 σ). */
    private static List<String> experiment(Random random, int rows, boolean withAnomaly) {
        double[] level = {0.03, 0.04, 1.3, 0.3, 70, 27, 230, 32};
        double[] noise = {0.002, 0.002, 0.05, 0.05, 0.3, 0.1, 3, 0.4};
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        LocalDateTime t = LocalDateTime.of(2020, 3, 9, 10, 0, 0);
        for (int i = 0; i < rows; i++) {
            boolean anomalous = withAnomaly && i >= ANOMALY_START && i < ANOMALY_END;
            StringBuilder line = new StringBuilder(TIME.format(t.plusSeconds(i)));
            for (int j = 0; j < level.length; j++) {
                double v = level[j] + noise[j] * random.nextGaussian() - (anomalous && j == 7 ? 8.0 : 0.0);
                line.append(';').append(String.format(Locale.ROOT, "%.5f", v));
            }
            line.append(';').append(anomalous ? "1.0" : "0.0");
            line.append(';').append(withAnomaly && (i == ANOMALY_START || i == ANOMALY_END) ? "1.0" : "0.0");
            lines.add(line.toString());
        }
        return lines;
    }

    private static Path writeSkabLikeData(Path dir) throws Exception {
        Random random = new Random(5);
        Files.createDirectories(dir.resolve("anomaly-free"));
        Files.write(dir.resolve("anomaly-free").resolve("anomaly-free.csv"), experiment(random, 1500, false));
        for (String sub : new String[] {"valve1", "valve2", "other"}) {
            Files.createDirectories(dir.resolve(sub));
            for (int e = 0; e < 2; e++) {
                Files.write(dir.resolve(sub).resolve(e + ".csv"), experiment(random, ROWS, true));
            }
        }
        return dir;
    }

    @Test
    void runsTheProtocolPrintsOurRowAndItsGuardsPassOrFailTheRun(@TempDir Path dir) throws Exception {
        Path data = writeSkabLikeData(dir.resolve("skab"));
        CliRun pass = CliRun.of("benchmark-skab", "--data", data.toString(), "--out", dir.resolve("report").toString(),
                "--work", dir.resolve("work").toString(), "--min-f1", "0.5", "--max-far", "0.2", "--max-mar", "0.5");

        assertThat(pass.exitCode()).as(pass.err()).isZero();
        assertThat(pass.out()).contains("SKAB: 6 experiments").contains("* fleet-anomaly").contains("Conv-AE");
        assertThat(dir.resolve("report").resolve("report.html")).exists();

        CliRun fail = CliRun.of("benchmark-skab", "--data", data.toString(), "--out", dir.resolve("report2").toString(),
                "--work", dir.resolve("work2").toString(), "--max-far", "0", "--max-mar", "0");
        assertThat(fail.exitCode()).isEqualTo(1);
        assertThat(fail.err()).contains("SKAB regression guard failed").contains("MAR");
    }

    @Test
    void crossValidationTrainsEachSmoothingAndPrintsWhatEachFoldChose(@TempDir Path dir) throws Exception {
        Path data = writeSkabLikeData(dir.resolve("skab"));
        CliRun run = CliRun.of("benchmark-skab", "--data", data.toString(), "--out", dir.resolve("report").toString(),
                "--work", dir.resolve("work").toString(), "--cross-validate", "--cv-smoothing", "10,1", "--min-f1", "1.01");

        // an F1 floor no row can reach: the guard names both rows, the cross-validated one too
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).contains("SKAB regression guard failed").contains("defaults F1").contains("cross-validated F1");
        assertThat(run.out()).contains("smoothing among [1, 10]").contains("2-fold CV-tuned");
        assertThat(dir.resolve("work").resolve("smoothing-1").resolve("bundle")).isDirectory();
        assertThat(run.out().lines().filter(l -> l.matches("  rule .*; smoothing (1|10) weights .*held-out half.*"))).hasSize(2);
        // each fold's evidence: every rule tried on inner splits of its tuning half
        assertThat(run.out().lines().filter(l -> l.startsWith("    inner splits of the tuning half, "))).hasSize(2 * 4);
        assertThat(run.out()).contains("for the record (no choice looks at these)");

        CliRun bad = CliRun.of("benchmark-skab", "--data", data.toString(), "--cross-validate", "--cv-smoothing", "0");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--cv-smoothing values must be >= 1");
    }
}
