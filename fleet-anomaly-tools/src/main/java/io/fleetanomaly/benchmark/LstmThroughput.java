package io.fleetanomaly.benchmark;

import io.fleetanomaly.bundle.LstmDetector;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.detectors.lstm.LstmAutoencoderScorer;
import io.fleetanomaly.events.ScoredEvent;
import io.fleetanomaly.job.LstmScoringOperator;
import io.fleetanomaly.job.LstmSettings;
import io.fleetanomaly.fusion.ScoreFusion;
import java.io.PrintStream;
import java.util.Locale;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Windows per second of the LSTM autoencoder: raw ONNX Runtime at several batch sizes, then
 * through the job's batching operator at parallelism 1, and the ratio of the two. Prints figures;
 * asserts nothing (these machines are shared and noisy).
 */
public final class LstmThroughput {
    private static final int[] BATCH_SIZES = {1, 8, 64, 256};

    private LstmThroughput() {}

    public static void run(ModelBundle bundle, LstmSettings settings, double seconds, long operatorWindows, PrintStream out)
            throws Exception {
        LstmDetector lstm = bundle.lstm();
        int valuesPerWindow = lstm.model().valuesPerWindow();
        float[] windows = LstmBenchmark.randomWindows(256 * valuesPerWindow, 42);
        out.printf(Locale.ROOT, "LSTM autoencoder of %s: W=%d, F=%d, hidden %d, layers %d; %s; %d cores%n",
                bundle.version(), lstm.model().window(), lstm.model().features(), lstm.hiddenSize(), lstm.layers(),
                settings.session(), Runtime.getRuntime().availableProcessors());

        double best = 0;
        double[] raw = new double[BATCH_SIZES.length];
        try (LstmAutoencoderScorer scorer = LstmAutoencoderScorer.open(lstm.model(), settings.session())) {
            for (int i = 0; i < BATCH_SIZES.length; i++) {
                raw[i] = LstmBenchmark.windowsPerSecond(scorer, windows, BATCH_SIZES[i], Math.min(1.0, seconds), seconds);
                best = Math.max(best, raw[i]);
            }
        }
        out.println("raw ONNX Runtime, one thread");
        out.println("  batch   windows/s   µs/window   of best");
        for (int i = 0; i < BATCH_SIZES.length; i++) {
            out.printf(Locale.ROOT, "  %5d  %10.0f  %10.1f   %6.3f%n", BATCH_SIZES[i], raw[i], 1e6 / raw[i], raw[i] / best);
        }

        double operator = operatorWindowsPerSecond(bundle, settings, windows, operatorWindows);
        out.printf(Locale.ROOT, "job operator (batch %d, max wait %d ms, parallelism 1): %,.0f windows/s over %,d windows%n",
                settings.batchSize(), settings.maxWaitMs(), operator, operatorWindows);
        out.printf(Locale.ROOT, "ratio operator / best raw: %.3f%n", operator / best);
    }

    /**
     * A MiniCluster job at parallelism 1: a generator of events carrying windows (cycled from a
     * fixed pool, so generating costs next to nothing), the LSTM scoring operator, a discarding sink.
     * The job's net runtime includes its start-up, so use enough windows for that to be small.
     */
    static double operatorWindowsPerSecond(ModelBundle bundle, LstmSettings settings, float[] pool, long windows)
            throws Exception {
        int valuesPerWindow = bundle.lstm().model().valuesPerWindow();
        int poolSize = pool.length / valuesPerWindow;
        float[][] windowPool = new float[poolSize][];
        for (int i = 0; i < poolSize; i++) {
            windowPool[i] = java.util.Arrays.copyOfRange(pool, i * valuesPerWindow, (i + 1) * valuesPerWindow);
        }
        int features = bundle.featureCount();
        ScoreFusion fusion = bundle.fusion();
        GeneratorFunction<Long, ScoredEvent> events = index -> {
            ScoredEvent e = new ScoredEvent();
            e.deviceId = "bench-" + (index % 1000);
            e.ts = index;
            fusion.start(e, features);
            e.window = windowPool[(int) (index % poolSize)];
            return e;
        };
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, new Configuration());
        env.getConfig().enableObjectReuse();
        env.fromSource(new DataGeneratorSource<>(events, windows, RateLimiterStrategy.noOp(),
                                TypeInformation.of(ScoredEvent.class)),
                        WatermarkStrategy.noWatermarks(), "windows")
                .transform("lstm-autoencoder-scoring", TypeInformation.of(ScoredEvent.class),
                        new LstmScoringOperator(bundle.lstm(), bundle.detectorIndex(ModelBundle.LSTM_AE),
                                bundle.fusion(), settings))
                .sinkTo(new DiscardingSink<>());
        JobExecutionResult result = env.execute("lstm-operator-benchmark");
        return windows * 1000.0 / result.getNetRuntime();
    }
}
