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

    /**
     * The records keep each event's sensor contributions and sides only when the bundle's alerting can
     * fire the return rule, and then the tuning replay over them gives the job's alert flags.
     */
    @Test
    void theSensorSidesAreRecordedWhenTheReturnRuleIsOn() throws Exception {
        ModelBundle bundle = TestBundles.small(SimulatorProfile.INDUSTRIAL);
        List<LabeledSeries> series = LabeledCsvReader.forFeatures(bundle.features())
                .read(writeDevice("pump-a.csv", 1, 0L));
        JobSettings settings = JobSettings.builder().parallelism(1).deviceWarmupEvents(WARMUP).build();

        assertThat(EvaluationReplay.run(series, bundle, settings).records())
                .allMatch(r -> r.sensorContributions() == null && r.belowNormalMask() == 0L);

        ModelBundle withReturn = bundle.withAlertSettings(bundle.alertSettings().toBuilder()
                .returnHorizonMs(24 * 3_600_000L).build());
        List<ReplayRecord> records = EvaluationReplay.run(series, withReturn, settings).records();
        assertThat(records).filteredOn(r -> !r.warmingUp())
                .allMatch(r -> r.sensorContributions() != null && r.sensorContributions().length == bundle.features().size());
        List<io.fleetanomaly.evaluation.tuning.DeviceSeries> devices =
                io.fleetanomaly.evaluation.tuning.DeviceSeries.byDevice(records);
        assertThat(devices).allMatch(io.fleetanomaly.evaluation.tuning.DeviceSeries::hasSensorSides);
        assertThat(io.fleetanomaly.evaluation.tuning.FusionTuner.recordedAlertMismatches(devices,
                withReturn.alertSettings())).isZero();
    }

    /**
     * Issue 12: what real exports contain. A clock stepping back 3 s (within the bound: scored in
     * arrival order) and then an hour (beyond it: the rest of the file is late, as the live job would
     * count it), repeated timestamps, and a row the job rejects at a repeated time. Before, such a file
     * stopped the replay ("the job emitted an event at ts ... out of the rows' order").
     */
    @Test
    void aClockSteppingBackAndRepeatedTimestampsAreJudgedAsTheJobJudgesThem() throws Exception {
        ModelBundle bundle = TestBundles.small(SimulatorProfile.INDUSTRIAL);
        Random random = new Random(3);
        StringBuilder csv = new StringBuilder("ts,temperature_c,pressure_bar,vibration_mm_s,flow_l_min,power_kw,label,changepoint\n");
        long ts = 1_767_225_600_000L;
        for (int i = 0; i < ROWS; i++) {
            if (i == 150) {
                ts -= 3_000; // 3 s back: within the 5 s bound
            } else if (i == 220) {
                ts -= 3_600_000; // an hour back: the rest of the file is behind the device's newest event
            } else if (i != 101 && i != 121) {
                ts += 1000; // rows 100/101 and 120/121 share a time
            }
            boolean fault = i >= ANOMALY_FROM && i < ANOMALY_TO;
            if (i == 120) { // no reading at all: the job rejects it (MISSING_READINGS)
                csv.append(String.format(Locale.ROOT, "%d,,,,,,0,0%n", ts));
                continue;
            }
            csv.append(String.format(Locale.ROOT, "%d,%.3f,%.4f,%.4f,%.2f,%.3f,%d,%d%n", ts,
                    75 + random.nextGaussian() * 0.5 + (fault ? 16 : 0), 2.5 + random.nextGaussian() * 0.03,
                    1.2 + random.nextGaussian() * 0.05, 150 + random.nextGaussian(), 45 + random.nextGaussian() * 0.5,
                    fault ? 1 : 0, i == ANOMALY_FROM ? 1 : 0));
        }
        Path file = dir.resolve("pump-clock.csv");
        Files.writeString(file, csv);
        List<LabeledSeries> series = LabeledCsvReader.forFeatures(bundle.features()).read(file);
        assertThat(series.get(0).rows()).extracting(LabeledRow::line).isSorted(); // the file's order, not the clock's

        JobSettings settings = JobSettings.builder().parallelism(1).deviceWarmupEvents(WARMUP).build();
        ReplayResult result = EvaluationReplay.run(series, bundle, settings);

        assertThat(result.lateEvents()).isEqualTo(ROWS - 220);
        assertThat(result.deadLetters()).singleElement().satisfies(letter -> {
            assertThat(letter.reason).isEqualTo(io.fleetanomaly.events.DeadLetterReason.MISSING_READINGS);
            assertThat(letter.sourceOffset).isEqualTo(series.get(0).rows().get(120).line());
        });
        List<ReplayRecord> records = result.records();
        assertThat(records).hasSize(220 - 1);
        assertThat(records).extracting(ReplayRecord::line).isSorted().doesNotHaveDuplicates()
                .doesNotContain(series.get(0).rows().get(120).line());
        for (ReplayRecord record : records) {
            LabeledRow row = series.get(0).rows().get(record.line() - 2);
            assertThat(record.ts()).isEqualTo(row.ts());
            assertThat(record.label()).isEqualTo(row.label());
        }
        ReplayInput input = result.input();
        assertThat(input.rows()).isEqualTo(ROWS);
        assertThat(input.repeatedTimestamps()).isEqualTo(2);
        assertThat(input.stepsBack()).isEqualTo(2);
        assertThat(input.largestStepBackMs()).isEqualTo(3_600_000);
        assertThat(input.describe(result.lateEvents(), result.deadLetters().size(), 5000))
                .contains("the clock steps back 2 times (largest 3,600 s at pump-clock (pump-clock.csv line 222))")
                .contains("80 late").contains("1 rejected");

        // and the evaluation's measures take it: the fault at rows 200-259 lies before the hour's step
        io.fleetanomaly.evaluation.quality.LabeledEvaluation evaluation = io.fleetanomaly.evaluation.quality.LabeledEvaluation
                .run(series, bundle, settings, io.fleetanomaly.evaluation.quality.EvaluationOptions.defaults());
        assertThat(evaluation.result().countedEvents()).isEqualTo(220 - 1 - WARMUP);
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
