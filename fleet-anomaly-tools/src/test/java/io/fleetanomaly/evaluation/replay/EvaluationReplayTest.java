package io.fleetanomaly.evaluation.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.events.AlertStatus;
import io.fleetanomaly.job.JobSettings;
import io.fleetanomaly.simulator.SimulatorProfile;
import io.fleetanomaly.testing.TestBundles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small labeled CSV, written here, replayed through the real job graph on a MiniCluster. */
class EvaluationReplayTest {
    private static final int ROWS = 300;
    private static final int WARMUP = 80;
    private static final int ANOMALY_FROM = 200;
    private static final int ANOMALY_TO = 260;

    @TempDir
    Path dir;

    @Test
    void replaysEveryRowInOrderWithItsLabelAndNeverScoresTheWarmUp() throws Exception {
        ModelBundle bundle = TestBundles.small(SimulatorProfile.INDUSTRIAL);
        Path a = writeDevice("pump-a.csv", 1, 0L);
        Path b = writeDevice("pump-b.csv", 2, 500L); // interleaves with pump-a in event time
        LabeledCsvReader reader = LabeledCsvReader.forFeatures(bundle.features());
        List<LabeledSeries> series = new java.util.ArrayList<>(reader.read(a));
        series.addAll(reader.read(b));

        JobSettings settings = JobSettings.builder().parallelism(1).deviceWarmupEvents(WARMUP).build();
        ReplayResult result = EvaluationReplay.run(series, bundle, settings);

        assertThat(result.deadLetters()).isEmpty();
        assertThat(result.lateEvents()).isZero();
        assertThat(result.detectorNames()).containsExactly(bundle.detectorNames());
        List<ReplayRecord> records = result.records();
        assertThat(records).hasSize(2 * ROWS);
        for (int d = 0; d < 2; d++) {
            LabeledSeries s = series.get(d);
            List<ReplayRecord> device = records.subList(d * ROWS, (d + 1) * ROWS);
            for (int i = 0; i < ROWS; i++) {
                ReplayRecord r = device.get(i);
                LabeledRow row = s.rows().get(i);
                assertThat(r.deviceId()).isEqualTo(s.deviceId());
                assertThat(r.ts()).isEqualTo(row.ts());
                assertThat(r.label()).isEqualTo(row.label());
                assertThat(r.line()).isEqualTo(row.line());
                assertThat(r.changepoint()).isEqualTo(i == ANOMALY_FROM);
                assertThat(r.warmingUp()).as("row %d warming up", i).isEqualTo(i < WARMUP);
                if (i < WARMUP) {
                    assertThat(r.alertOpen()).isFalse();
                    assertThat(r.detectorScores()).isNull();
                } else {
                    assertThat(r.detectorScores()).hasSize(bundle.detectorNames().length);
                    assertThat(r.fusedScore()).isFinite();
                }
            }
            // the injected fault (every sensor far off for 60 rows) is alerted
            assertThat(device.subList(ANOMALY_FROM, ANOMALY_TO)).anyMatch(ReplayRecord::alertOpen);
        }
        assertThat(result.alerts()).anyMatch(alert -> alert.status == AlertStatus.OPEN);
        assertThat(result.alerts()).allMatch(alert -> alert.ts >= series.get(0).rows().get(WARMUP).ts());

        // the same from the files, devices named by their paths under the directory
        ReplayResult fromFiles = EvaluationReplay.run(dir, List.of(a, b), bundle, settings);
        assertThat(fromFiles.records()).extracting(ReplayRecord::deviceId).containsOnly("pump-a", "pump-b");
        assertThat(fromFiles.records()).extracting(ReplayRecord::alertOpen)
                .containsExactlyElementsOf(records.stream().map(ReplayRecord::alertOpen).toList());
    }

    /** A normal-looking device around the industrial operating point, with a large fault in rows [200, 260). */
    private Path writeDevice(String name, long seed, long offsetMs) throws Exception {
        Random random = new Random(seed);
        StringBuilder csv = new StringBuilder("ts,temperature_c,pressure_bar,vibration_mm_s,flow_l_min,power_kw,label,changepoint\n");
        long start = 1_767_225_600_000L + offsetMs;
        for (int i = 0; i < ROWS; i++) {
            boolean fault = i >= ANOMALY_FROM && i < ANOMALY_TO;
            double shift = fault ? 8.0 : 0.0;
            csv.append(String.format(Locale.ROOT, "%d,%.3f,%.4f,%.4f,%.2f,%.3f,%d,%d%n",
                    start + 1000L * i,
                    75 + random.nextGaussian() * 0.5 + shift * 2,
                    2.5 + random.nextGaussian() * 0.03 + shift * 0.1,
                    1.2 + random.nextGaussian() * 0.05 + shift * 0.5,
                    150 + random.nextGaussian() * 1.0 - shift * 5,
                    45 + random.nextGaussian() * 0.5 + shift,
                    fault ? 1 : 0,
                    i == ANOMALY_FROM ? 1 : 0));
        }
        Path file = dir.resolve(name);
        Files.writeString(file, csv);
        return file;
    }
}
