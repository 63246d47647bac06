package io.fleetanomaly.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetanomaly.testing.kafka.KafkaBrokerExtension;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The benchmark command on a tiny fleet: every row is printed and the last line parses. Figures are not checked. */
class BenchmarkCommandTest {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Pattern LAST_LINE = Pattern.compile(
            "benchmark: native (\\d+) ev/s/core, full (\\d+) ev/s/core, ort (\\d+) windows/s, full/ort (\\d+\\.\\d+),"
                    + " rcf (\\d+) ev/s, state (\\d+) B/device, p99 (\\d+) ms");

    @Test
    void printsEveryRowAndAMachineReadableLastLine() {
        // no --latency-rate: the latency rate is half of the Kafka job's maximum, measured first (20 devices so that
        // the max-rate pass lasts more than a few of its 5 ms samples), by the --short run's two rate trials
        CliRun run = CliRun.of("benchmark", "--short", "--devices", "20", "--events-per-device", "300",
                "--stage-seconds", "0.01", "--rcf-devices", "1", "--state-devices", "200",
                "--kafka-bootstrap", KAFKA.bootstrapServers());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("source only", "native (IF + Mahalanobis + CUSUM)", "full (native + LSTM autoencoder)",
                "parallelism 2 / 1", "rocksdb");
        for (String stage : List.of("parse", "window and features", "Isolation Forest", "Mahalanobis", "LSTM autoencoder",
                "fusion", "CUSUM")) {
            assertThat(run.out()).contains("  " + stage + " ");
        }
        assertThat(run.out()).contains("ONNX Runtime raw:", "latency through Kafka:", "latency rate: ",
                "half of the latency job's own maximum", "(half of its own maximum)", "network buffer timeout 10 ms",
                "max-rate pass, topic pre-loaded, no producer running: ", "the upper bound of the search", "  trial at ",
                "warm-up segment first, same job, not reported: ",
                "read_uncommitted", "read_committed", "slowest 1% (",
                "peer: AWS ThresholdedRandomCutForest", "shingle 8",
                "keyed state per device:", "fleet (the job's)", "heap for 1M devices");

        List<String> lines = run.out().lines().toList();
        Matcher last = LAST_LINE.matcher(lines.get(lines.size() - 1));
        assertThat(last.matches()).as("last line: " + lines.get(lines.size() - 1)).isTrue();
        assertThat(Long.parseLong(last.group(1))).isPositive();
        assertThat(Long.parseLong(last.group(3))).isPositive();
        assertThat(Double.parseDouble(last.group(4))).isPositive();
        assertThat(Long.parseLong(last.group(5))).isPositive();
        assertThat(Long.parseLong(last.group(6))).isGreaterThan(1024); // the ring alone is W * F floats
        assertThat(Long.parseLong(last.group(7))).isNotNegative();
    }

    @Test
    void latencyOnlyRunsTheLatencyPartAlone() {
        CliRun run = CliRun.of("benchmark", "--short", "--latency-only", "--devices", "20", "--events-per-device", "300",
                "--latency-rate", "2000", "--kafka-bootstrap", KAFKA.bootstrapServers());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("latency rate: 2000 events/s, given by --latency-rate",
                "latency through Kafka:", "network buffer timeout 10 ms", "read_uncommitted", "read_committed",
                "slowest 1% (");
        // the measured events were sent only after the warm-up segment's alerts had been through two checkpoints
        assertThat(run.out()).containsPattern("warm-up segment first, same job, not reported: 20 other devices' whole series"
                + " \\(6000 events at the same rate\\), [1-9]\\d* alerts, [2-9] checkpoints completed after its first alert,"
                + " measured sending started \\d+\\.\\d s after it\\R");
        assertThat(run.out()).doesNotContain("keyed state per device:", "source only", "stage costs:", "ONNX Runtime raw:",
                "peer: AWS", "benchmark: native");
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(lines.size() - 1)).matches("benchmark latency: rate 2000 events/s, p50 \\d+\\.\\d ms, p99 \\d+\\.\\d ms");
    }

    @Test
    void refusesAnEmptyRateSearch() {
        CliRun run = CliRun.of("benchmark", "--short", "--rate-trials", "0");
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("--rate-trials must be >= 1 and --rate-trial-seconds > 0, got 0 and 5.0");
    }

    @Test
    void refusesALatencyRateThatIsNotPositive() {
        CliRun run = CliRun.of("benchmark", "--short", "--latency-rate", "0");
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("--latency-rate must be > 0, got 0.0");
    }
}
