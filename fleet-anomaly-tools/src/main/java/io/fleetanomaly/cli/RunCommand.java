package io.fleetanomaly.cli;

import io.fleetanomaly.embedded.AlertQuality;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.config.JobConfig;
import io.fleetanomaly.config.JobConfigLoader;
import io.fleetanomaly.embedded.EmbeddedRun;
import io.fleetanomaly.embedded.LiveMetrics;
import io.fleetanomaly.embedded.LiveStatus;
import io.fleetanomaly.embedded.RunReport;
import io.fleetanomaly.format.AlertJson;
import io.fleetanomaly.format.DeadLetterJson;
import io.fleetanomaly.job.CheckpointSettings;
import io.fleetanomaly.job.JobSettings;
import io.fleetanomaly.kafka.KafkaJobMain;
import io.fleetanomaly.simulator.SimulatorSettings;
import io.fleetanomaly.simulator.SimulatorSource;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import java.util.Locale;
import java.util.List;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code run}: the simulated fleet through the whole job on an embedded MiniCluster. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the job embedded (local MiniCluster) on a simulated fleet with a model bundle,",
            "prints alerts as JSON lines on stdout and a summary (counts, throughput, precision",
            "and recall against the simulator's labels) at the end. Dead letters go to stderr."
        })
public final class RunCommand implements Callable<Integer> {
    @Option(names = "--config", description = "YAML job configuration (see conf/embedded.yaml); options below override it.")
    Path config;

    @Option(names = "--profile", description = "Simulator profile: industrial, telemetry, service or process.")
    String profile;

    @Option(names = "--devices", description = "Number of simulated devices.")
    Integer devices;

    @Option(names = "--duration", description = "Simulated time per device, e.g. 10m, 1h.")
    String duration;

    @Option(names = "--seed", description = "Simulator seed.")
    Long seed;

    @Option(names = "--events-per-second", description = "Pace the fleet in real time (0 = as fast as possible).")
    Double eventsPerSecond;

    @Option(names = "--bundle", description = "Model bundle: 'default' (shipped for the profile), a directory, or classpath:...")
    String bundle;

    @Option(names = "--mahalanobis-mode", description = "Override the bundle's Mahalanobis mode: fleet or device.")
    String mahalanobisMode;

    @Option(names = "--fusion", description = "Override the bundle's fusion method: weighted_mean or max.")
    String fusion;

    @Option(names = "--no-lstm", description = "Score with the native detectors only, even if the bundle has an LSTM autoencoder.")
    boolean noLstm;

    @Option(names = "--parallelism", description = "Job parallelism.")
    Integer parallelism;

    @Option(names = "--device-warmup-events",
            description = "A device's first N events only build its baselines (device-mode Mahalanobis, its own scale) and are never scored.")
    Integer deviceWarmupEvents;

    @Option(names = "--quiet", description = "Do not print alerts, dead letters and status lines, only the summary.")
    boolean quiet;

    @Option(names = "--min-precision", description = "Regression guard: exit 1 when the alert precision against the simulator's labels is below this.")
    Double minPrecision;

    @Option(names = "--min-recall", description = "Regression guard: exit 1 when the alert recall (labeled anomalies alerted) is below this.")
    Double minRecall;

    @Option(names = "--status-interval", paramLabel = "SECONDS", defaultValue = "10",
            description = "Print a status line (events/s, devices in state, open alerts, dead letters, late events,"
                    + " consumer lag) on stderr every SECONDS, from the job's own metrics; 0 = never (default ${DEFAULT-VALUE}).")
    int statusIntervalSeconds;

    @Override
    public Integer call() throws Exception {
        JobConfigLoader loader = config == null ? JobConfigLoader.defaults() : JobConfigLoader.load(config);
        applyOverrides(loader.config());
        applyEmbeddedDefaults(loader.config());
        if (loader.readsKafka()) {
            if (minPrecision != null || minRecall != null) {
                throw new IllegalArgumentException("--min-precision and --min-recall need labels: the simulated fleet, not Kafka");
            }
            return runOnKafka(loader);
        }
        SimulatorSettings simulator = SimulatorConfig.settings(loader);
        ModelBundle modelBundle = loader.bundle();
        JobSettings jobSettings = loader.jobSettings(false);
        if (!modelBundle.features().equals(simulator.profile().featureNames())) {
            throw new IllegalArgumentException("bundle " + modelBundle.version() + " has features "
                    + modelBundle.features() + " but the " + simulator.profile().configName()
                    + " simulator produces " + simulator.profile().featureNames());
        }
        double rate = loader.config().simulator.eventsPerSecond;
        boolean printAlerts = !quiet && loader.config().output.printAlerts;
        boolean printDeadLetters = !quiet && loader.config().output.printDeadLetters;

        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.err.printf(Locale.ROOT, "fleet-anomaly: %s profile, %d devices x %d events, seed %d, model %s, parallelism %d%n",
                simulator.profile().configName(), simulator.devices(), simulator.eventsPerDevice(), simulator.seed(),
                modelBundle.version(), jobSettings.parallelism());
        RunReport report;
        try (LiveMetrics metrics = LiveMetrics.create(); LiveStatus status = startStatus(metrics)) {
            report = new EmbeddedRun(modelBundle, jobSettings, loader.evaluationGraceMs())
                    .clusterConfiguration(metrics.configure(new Configuration()))
                    .run(
                            env -> SimulatorSource.addTo(env, simulator, rate),
                            alert -> {
                                if (printAlerts) {
                                    out.println(AlertJson.toJson(alert));
                                }
                            },
                            letter -> {
                                if (printDeadLetters) {
                                    System.err.println("dead letter: " + DeadLetterJson.toJson(letter));
                                }
                            });
        }
        report.print(out);
        return guard(report.quality());
    }

    /** 0 when the run meets the floors asked for (--min-precision, --min-recall), else 1 with the shortfalls on stderr. */
    private int guard(AlertQuality quality) {
        List<String> violations = new ArrayList<>();
        if (minPrecision != null && !(quality.precision() >= minPrecision)) {
            violations.add(String.format(Locale.ROOT, "precision %.3f < %.3f", quality.precision(), minPrecision));
        }
        if (minRecall != null && !(quality.recall() >= minRecall)) {
            violations.add(String.format(Locale.ROOT, "recall %.3f < %.3f", quality.recall(), minRecall));
        }
        if (violations.isEmpty()) {
            return 0;
        }
        System.err.println("regression guard failed: " + String.join(", ", violations));
        return 1;
    }

    /** The status printer, or null when status lines are off ({@code --quiet}, {@code --status-interval 0}). */
    private LiveStatus startStatus(LiveMetrics metrics) {
        if (quiet || statusIntervalSeconds <= 0) {
            return null;
        }
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        return LiveStatus.start(metrics, Duration.ofSeconds(statusIntervalSeconds), err);
    }

    /**
     * The production job: runs until cancelled, on the cluster it was submitted to (flink run) or
     * on an embedded MiniCluster when started directly.
     */
    private int runOnKafka(JobConfigLoader loader) throws Exception {
        try (LiveMetrics metrics = LiveMetrics.create(); LiveStatus status = startStatus(metrics)) {
            KafkaJobMain.run(loader, metrics.configure(new Configuration()));
        }
        return 0;
    }

    /** What a cluster would decide (parallelism, checkpoint directory) is decided here for the embedded run. */
    private static void applyEmbeddedDefaults(JobConfig c) {
        if (c.job.parallelism == null) c.job.parallelism = JobConfig.EMBEDDED_PARALLELISM;
        if (c.checkpointing.storage == null) c.checkpointing.storage = CheckpointSettings.DEFAULT_STORAGE;
    }

    private void applyOverrides(JobConfig c) {
        if (profile != null) c.simulator.profile = profile;
        if (devices != null) c.simulator.devices = devices;
        if (duration != null) c.simulator.duration = duration;
        if (seed != null) c.simulator.seed = seed;
        if (eventsPerSecond != null) c.simulator.eventsPerSecond = eventsPerSecond;
        if (bundle != null) c.model.bundle = bundle;
        if (mahalanobisMode != null) c.model.mahalanobisMode = mahalanobisMode;
        if (fusion != null) c.model.fusion = fusion;
        if (parallelism != null) c.job.parallelism = parallelism;
        if (deviceWarmupEvents != null) c.job.deviceWarmupEvents = deviceWarmupEvents;
        if (noLstm) c.model.lstmEnabled = false;
    }
}
