package io.fleetanomaly.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import io.fleetanomaly.detectors.lstm.SharedOrtSessions;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the benchmark for a few milliseconds per batch size: it must print its table (figures are not checked). */
class LstmBenchmarkSmokeTest {
    @TempDir
    Path directory;

    @Test
    void printsARowPerBatchSizeAndReleasesItsSession() throws Exception {
        // the shipped telemetry bundle's autoencoder: W=32, F=8
        Path model = directory.resolve("lstm_ae.onnx");
        try (InputStream in = getClass().getResourceAsStream("/bundles/telemetry/lstm_ae.onnx")) {
            Files.write(model, in.readAllBytes());
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        LstmBenchmark.run(model, 32, 8, 0.02,
                new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String table = bytes.toString(StandardCharsets.UTF_8);
        assertThat(table).contains("W=32, F=8", "windows/s");
        assertThat(table.lines().filter(line -> line.matches("\\s*(1|8|64|256)\\s+\\d+\\s+.*"))).hasSize(4);
        assertThat(table).contains("1.000");
        assertThat(SharedOrtSessions.openSessions()).isZero();
    }
}
