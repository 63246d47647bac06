package io.fleetanomaly.benchmark;

import ai.onnxruntime.OrtEnvironment;
import io.fleetanomaly.format.Sha256;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

import io.fleetanomaly.detectors.lstm.OnnxSessionSettings;
import io.fleetanomaly.detectors.lstm.LstmAutoencoderModel;
import io.fleetanomaly.detectors.lstm.LstmAutoencoderScorer;
/**
 * Windows per second of LSTM autoencoder scoring ({@link LstmAutoencoderScorer#score}: one ORT
 * call per batch plus the error computation) at batch sizes 1, 8, 64 and 256, on a single-threaded
 * session. Prints figures; asserts nothing.
 *
 * <pre>
 * java -cp target/classes:$(cat cp.txt) io.fleetanomaly.benchmark.LstmBenchmark \
 *     [model.onnx [W F [seconds per batch size]]]
 * </pre>
 *
 * The default model is the shipped telemetry bundle's autoencoder (W=32, F=8), found from the repository root.
 */
public final class LstmBenchmark {
    private static final String DEFAULT_MODEL = "fleet-anomaly-core/src/main/resources/bundles/telemetry/lstm_ae.onnx";
    private static final int[] BATCH_SIZES = {1, 8, 64, 256};
    private static final double WARM_UP_SECONDS = 1.0;

    private LstmBenchmark() {}

    public static void main(String[] args) throws IOException {
        if (args.length > 4 || (args.length > 0 && args[0].startsWith("-"))) {
            System.err.println("usage: LstmBenchmark [model.onnx [W F [seconds per batch size]]]");
            System.exit(2);
        }
        Path modelPath = Path.of(args.length > 0 ? args[0] : DEFAULT_MODEL);
        int window = args.length > 2 ? Integer.parseInt(args[1]) : 32;
        int features = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        double seconds = args.length > 3 ? Double.parseDouble(args[3]) : 3.0;
        if (!Files.isRegularFile(modelPath)) {
            System.err.println("no model at " + modelPath.toAbsolutePath()
                    + " (run from the repository root, or pass a model path)");
            System.exit(2);
        }

        run(modelPath, window, features, seconds, System.out);
    }

    /** Measures and prints the table to {@code out}; warm-up is 1 s, or {@code seconds} if shorter. */
    static void run(Path modelPath, int window, int features, double seconds, PrintStream out) throws IOException {
        double warmUpSeconds = Math.min(WARM_UP_SECONDS, seconds);
        byte[] onnx = Files.readAllBytes(modelPath);
        LstmAutoencoderModel model =
                LstmAutoencoderModel.of(onnx, Sha256.hex(onnx), "window", "reconstruction", window, features);
        OnnxSessionSettings settings = OnnxSessionSettings.defaults();
        int largestBatch = BATCH_SIZES[BATCH_SIZES.length - 1];
        float[] windows = randomWindows(largestBatch * model.valuesPerWindow(), 42);

        out.printf(Locale.ROOT, "LSTM autoencoder scoring: %s (%,d bytes), W=%d, F=%d%n",
                modelPath, onnx.length, window, features);
        out.printf(Locale.ROOT, "ONNX Runtime %s, %s, %.1f s per batch size after %.1f s warm-up, %d cores, %s%n",
                OrtEnvironment.getEnvironment().getVersion(), settings, seconds, warmUpSeconds,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name")
                        + " " + System.getProperty("java.version"));

        double[] windowsPerSecond = new double[BATCH_SIZES.length];
        double[] microsPerCall = new double[BATCH_SIZES.length];
        try (LstmAutoencoderScorer scorer = LstmAutoencoderScorer.open(model, settings)) {
            for (int i = 0; i < BATCH_SIZES.length; i++) {
                int batchSize = BATCH_SIZES[i];
                runFor(scorer, windows, batchSize, warmUpSeconds);
                Measurement measurement = runFor(scorer, windows, batchSize, seconds);
                windowsPerSecond[i] = measurement.calls * (double) batchSize / measurement.seconds;
                microsPerCall[i] = measurement.seconds * 1e6 / measurement.calls;
            }
        }

        double best = 0.0;
        for (double rate : windowsPerSecond) {
            best = Math.max(best, rate);
        }
        out.println();
        out.println("batch   windows/s   µs/call   µs/window   of best");
        for (int i = 0; i < BATCH_SIZES.length; i++) {
            out.printf(Locale.ROOT, "%5d  %10.0f  %8.1f  %10.2f   %6.3f%n", BATCH_SIZES[i], windowsPerSecond[i],
                    microsPerCall[i], 1e6 / windowsPerSecond[i], windowsPerSecond[i] / best);
        }
    }

    /** Windows per second of {@code scorer} at one batch size, after a warm-up. */
    public static double windowsPerSecond(
            LstmAutoencoderScorer scorer, float[] windows, int batchSize, double warmUpSeconds, double seconds) {
        runFor(scorer, windows, batchSize, warmUpSeconds);
        Measurement measurement = runFor(scorer, windows, batchSize, seconds);
        return measurement.calls * (double) batchSize / measurement.seconds;
    }

    private record Measurement(long calls, double seconds) {}

    private static Measurement runFor(LstmAutoencoderScorer scorer, float[] windows, int batchSize, double seconds) {
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        long calls = 0;
        double checksum = 0.0;
        long now;
        do {
            checksum += scorer.score(windows, batchSize).error(0);
            calls++;
            now = System.nanoTime();
        } while (now < deadline);
        if (Double.isNaN(checksum)) {
            System.err.println("a reconstruction error was NaN");
        }
        return new Measurement(calls, (now - start) / 1e9);
    }

    /** Standard-normal values, as scaled readings look. */
    public static float[] randomWindows(int values, long seed) {
        Random random = new Random(seed);
        float[] windows = new float[values];
        for (int i = 0; i < values; i++) {
            windows[i] = (float) random.nextGaussian();
        }
        return windows;
    }
}
