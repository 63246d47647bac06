package io.fleetanomaly.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetanomaly.bundle.BundleLoader;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.format.AlertJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands as a user runs them, in-process, with stdout and stderr captured. */
class FleetAnomalyCliTest {
    private static CliRun cli(String... args) {
        return CliRun.of(args);
    }

    @Test
    void runPrintsAlertsAsJsonLinesAndASummary() {
        CliRun run = cli("run", "--devices", "6", "--duration", "8m", "--seed", "11", "--parallelism", "1");
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        int summary = lines.indexOf(lines.stream().filter(l -> l.startsWith("== fleet-anomaly summary")).findFirst().orElseThrow());
        assertThat(summary).isPositive();
        lines.subList(0, summary).forEach(line -> assertThat(AlertJson.fromJson(line).alertId).isNotBlank());
        assertThat(run.out()).contains("events          2,880").contains("precision").contains("recall").contains("events/s");
    }

    @Test
    void runFailsWhenTheSimulatedFleetsAlertsMissAFloor() {
        CliRun run = cli("run", "--devices", "6", "--duration", "8m", "--seed", "11", "--parallelism", "1", "--quiet",
                "--min-precision", "0", "--min-recall", "1.01");
        assertThat(run.out()).contains("recall");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).contains("regression guard failed: recall").doesNotContain("precision");
    }

    @Test
    void trainWritesABundleThatRunLoads(@TempDir Path dir) {
        Path bundleDir = dir.resolve("bundle");
        CliRun train = cli("train", "--simulator", "industrial", "--devices", "6", "--events-per-device", "300",
                "--trees", "20", "--out", bundleDir.toString(), "--bundle-version", "tiny-5@test");
        assertThat(train.exitCode()).as(train.err()).isZero();
        assertThat(train.out()).contains("wrote bundle tiny-5@test");
        ModelBundle bundle = BundleLoader.load(bundleDir.toString());
        assertThat(bundle.version()).isEqualTo("tiny-5@test");
        assertThat(bundle.isolationForest().numTrees()).isEqualTo(20);

        CliRun run = cli("run", "--devices", "3", "--duration", "4m", "--bundle", bundleDir.toString(), "--quiet", "--parallelism", "1");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("model tiny-5@test");
    }

    @Test
    void trainFromCsv(@TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("device_id,ts,a,b,label\n");
        java.util.Random random = new java.util.Random(1);
        for (int device = 0; device < 2; device++) {
            for (int t = 0; t < 400; t++) {
                double a = random.nextGaussian();
                csv.append("d").append(device).append(',').append(t).append(',')
                        .append(a).append(',').append(2 * a + random.nextGaussian() * 0.1).append(",0\n");
            }
        }
        Files.writeString(dir.resolve("normal.csv"), csv);
        CliRun train = cli("train", "--csv", dir.resolve("normal.csv").toString(), "--trees", "10",
                "--out", dir.resolve("b").toString());
        assertThat(train.exitCode()).as(train.err()).isZero();
        assertThat(BundleLoader.load(dir.resolve("b").toString()).features()).containsExactly("a", "b");
    }

    @Test
    void badInputStopsWithAMessageNotAStackTrace(@TempDir Path dir) throws Exception {
        CliRun badBundle = cli("run", "--bundle", dir.resolve("nope").toString());
        assertThat(badBundle.exitCode()).isEqualTo(2);
        assertThat(badBundle.err()).startsWith("error: model bundle").contains("not a directory").doesNotContain("Exception");

        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, "job: {paralelism: 2}\n");
        CliRun badConfig = cli("run", "--config", config.toString());
        assertThat(badConfig.exitCode()).isEqualTo(2);
        assertThat(badConfig.err()).contains("unknown key 'job.paralelism'");

        CliRun mismatch = cli("run", "--profile", "telemetry", "--bundle", "classpath:bundles/industrial", "--quiet");
        assertThat(mismatch.exitCode()).isEqualTo(2);
        assertThat(mismatch.err()).contains("features");

        CliRun usage = cli("run", "--devices");
        assertThat(usage.exitCode()).isEqualTo(2);
    }
}
