package io.fleetanomaly.cli;

import io.fleetanomaly.benchmark.LstmThroughput;
import io.fleetanomaly.bundle.BundleLoader;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.config.JobConfigLoader;
import io.fleetanomaly.job.LstmSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code benchmark-lstm}: windows per second of the LSTM autoencoder, raw and through the job's operator. */
@Command(
        name = "benchmark-lstm",
        mixinStandardHelpOptions = true,
        description = {
            "Measures windows per second of the bundle's LSTM autoencoder with raw ONNX Runtime at batch sizes",
            "1, 8, 64 and 256, then through the job's batching operator at parallelism 1, and prints the ratio."
        })
public final class BenchmarkLstmCommand implements Callable<Integer> {
    @Option(names = "--bundle", defaultValue = "classpath:bundles/telemetry", description = "Bundle (default ${DEFAULT-VALUE}).")
    String bundle;

    @Option(names = "--config", description = "Job configuration whose 'lstm' section sets batch size, wait and threads.")
    Path config;

    @Option(names = "--seconds", defaultValue = "3", description = "Seconds per raw batch size (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--operator-windows", defaultValue = "300000", description = "Windows through the operator (default ${DEFAULT-VALUE}).")
    long operatorWindows;

    @Override
    public Integer call() throws Exception {
        ModelBundle model = BundleLoader.load(bundle);
        if (!model.hasLstm()) {
            throw new IllegalArgumentException("bundle " + bundle + " has no LSTM autoencoder");
        }
        LstmSettings settings = (config == null ? JobConfigLoader.defaults() : JobConfigLoader.load(config))
                .jobSettings(false).lstm();
        LstmThroughput.run(model, settings, seconds, operatorWindows, System.out);
        return 0;
    }
}
