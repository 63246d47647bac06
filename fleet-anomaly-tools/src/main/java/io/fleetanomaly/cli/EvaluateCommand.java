package io.fleetanomaly.cli;

import io.fleetanomaly.bundle.BundleLoader;
import io.fleetanomaly.bundle.MahalanobisMode;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.config.JobConfigLoader;
import io.fleetanomaly.evaluation.metrics.AnomalyWindows;
import io.fleetanomaly.evaluation.quality.EvaluationOptions;
import io.fleetanomaly.evaluation.replay.ScoresCsv;
import io.fleetanomaly.evaluation.quality.EvaluationSummary;
import io.fleetanomaly.evaluation.quality.EvaluationTraining;
import io.fleetanomaly.evaluation.quality.LabeledEvaluation;
import io.fleetanomaly.evaluation.replay.LabeledCsvReader;
import io.fleetanomaly.evaluation.replay.LabeledSeries;
import io.fleetanomaly.evaluation.tuning.FusionTuner;
import io.fleetanomaly.evaluation.tuning.TunedBundle;
import io.fleetanomaly.evaluation.tuning.TuningOptions;
import io.fleetanomaly.evaluation.tuning.TuningResult;
import io.fleetanomaly.job.JobSettings;
import io.fleetanomaly.fusion.FusionMethod;
import io.fleetanomaly.training.TrainingData;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code evaluate}: replays labeled CSV files through the job, one device per file (or per device
 * id column), measures each detector and the alert output, sweeps the alert threshold, optionally
 * learns fusion weights, and writes a report with charts and an interactive threshold slider.
 */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = {
            "Replays labeled CSV files (a generic CSV with a time column, feature columns and a label",
            "column, or SKAB's ';'-separated files) through the same job graph, in timestamp order, and",
            "reports precision, recall, F1, FAR, MAR, ROC-AUC and PR-AUC per detector, the alert output's",
            "confusion matrix, NAB scores and detection delay; writes report.html and PNG charts."
        })
public final class EvaluateCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Labeled CSV files, or directories searched for *.csv.")
    List<Path> paths;

    @Option(names = "--bundle", description = "Model bundle (directory or classpath:...). Without it, --train-normal or --warmup-rows trains one first.")
    String bundle;

    @Option(names = "--train-normal", split = ",", paramLabel = "CSV", description = "Normal-operation CSV files to train a fleet bundle on first (with each device's warm-up rows).")
    List<Path> trainNormal = List.of();

    @Option(names = "--warmup-rows", defaultValue = "0", description = "A device's first N rows build its baselines and are never scored (SKAB: 400; default ${DEFAULT-VALUE}).")
    int warmupRows;

    @Option(names = "--features", split = ",", description = "Feature columns in model order (default: the bundle's, or every other column).")
    List<String> features = List.of();

    @Option(names = "--mahalanobis-mode", description = "Override the bundle: fleet or device (learned per device from its warm-up).")
    String mahalanobisMode;

    @Option(names = "--fusion", description = "Override the bundle's fusion method: weighted_mean or max.")
    String fusion;

    @Option(names = "--no-lstm", description = "Score without the bundle's LSTM autoencoder.")
    boolean noLstm;

    @Option(names = "--config", description = "YAML job configuration: its alerting, job and lstm sections apply.")
    Path config;

    @Option(names = "--out", defaultValue = "reports/evaluation", description = "Report directory (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--timelines", defaultValue = "12", description = "Devices charted in the report (default ${DEFAULT-VALUE}).")
    int timelines;

    @Option(names = "--nab-window", defaultValue = "60s", description = "NAB window width (default ${DEFAULT-VALUE}), placed to the right of each changepoint.")
    String nabWindow;

    @Option(names = "--cost-missed", defaultValue = "1", description = "Cost of a missed anomalous event, for the cost-weighted point (default ${DEFAULT-VALUE}).")
    double costMissed;

    @Option(names = "--cost-false-alarm", defaultValue = "1", description = "Cost of a false alarm event (default ${DEFAULT-VALUE}).")
    double costFalseAlarm;

    @Option(names = "--scores-csv", paramLabel = "FILE",
            description = "Also write every replayed event's scores to FILE: device_id, ts, label, warming_up, each detector's calibrated score, fused_score, cusum, and the open alert's severity_score, severity and alert_id (empty when none).")
    Path scoresCsv;

    @Option(names = "--tune", description = "Learn fusion weights and the CUSUM h, k, resolve hysteresis and recovery fraction on part of the devices, check them on the rest, and write a tuned bundle.")
    boolean tune;

    @Option(names = "--tuned-bundle", description = "Where --tune writes the tuned bundle (default <out>/tuned-bundle).")
    Path tunedBundle;

    @Override
    public Integer call() throws Exception {
        PrintStream stdout = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        JobConfigLoader loader = config == null ? JobConfigLoader.defaults() : JobConfigLoader.load(config);
        ModelBundle model = bundle != null ? BundleLoader.load(bundle) : null;
        List<String> columns = !features.isEmpty() ? features : model != null ? model.features() : List.of();
        List<LabeledSeries> series = read(columns);
        if (model == null) {
            model = train(series, stdout);
        }
        if (mahalanobisMode != null) {
            model = model.withMahalanobisSettings(model.mahalanobisSettings().withMode(MahalanobisMode.parse(mahalanobisMode)));
        }
        if (fusion != null) {
            model = model.withFusionMethod(FusionMethod.parse(fusion));
        }
        if (noLstm && model.hasLstm()) {
            model = model.withoutLstm();
        }
        ModelBundle configured = model;
        model = configured.withAlertSettings(loader.config().alerting.applyTo(configured.alertSettings()));
        JobSettings settings = loader.jobSettings(true).toBuilder().parallelism(1).deviceWarmupEvents(warmupRows).build();
        EvaluationOptions options = EvaluationOptions.defaults()
                .withNabWindow(JobConfigLoader.parseDuration(nabWindow), AnomalyWindows.Placement.RIGHT)
                .withCosts(costMissed, costFalseAlarm)
                .withGrace(java.time.Duration.ofMillis(loader.evaluationGraceMs()));

        stdout.printf(Locale.ROOT, "evaluating %d devices (%,d rows) with %s [%s], warm-up %d rows%n", series.size(),
                series.stream().mapToLong(s -> s.rows().size()).sum(), model.version(),
                String.join(", ", model.detectorNames()), warmupRows);
        long started = System.nanoTime();
        LabeledEvaluation evaluation = LabeledEvaluation.run(series, model, settings, options);
        stdout.printf(Locale.ROOT, "replayed through the job in %.1f s%n", (System.nanoTime() - started) / 1e9);
        stdout.println(evaluation.replay().inputSummary(settings.outOfOrderness().toMillis()));
        EvaluationSummary.print(stdout, evaluation.result(), options);
        if (scoresCsv != null) {
            ScoresCsv.write(evaluation.replay(), scoresCsv);
            stdout.printf(Locale.ROOT, "per-event scores: %s (%,d rows)%n", scoresCsv.toAbsolutePath(),
                    evaluation.replay().records().size());
        }

        if (tune) {
            TuningResult tuning = FusionTuner.tune(evaluation.devices(), model,
                    TuningOptions.defaults(model.alertSettings())
                            .withGrid(TuningOptions.wideGrid(model.alertSettings()))
                            .withCosts(costMissed, costFalseAlarm));
            stdout.println(tuning.summary());
            Path target = tunedBundle != null ? tunedBundle : out.resolve("tuned-bundle");
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("evaluated", paths.toString());
            TunedBundle.write(bundle, model, tuning.bestF1().weights(), tuning.bestF1().settings(), info,
                    Instant.now().toString(), target);
            stdout.println("wrote the tuned bundle to " + target);
        }

        List<String> named = paths.stream().map(Path::toString).toList();
        Path html = evaluation.writeReport(String.join(", ", named), "fleet-anomaly evaluate " + String.join(" ", named),
                options, timelines, out);
        stdout.println("report: " + html.toAbsolutePath());
        return 0;
    }

    private List<LabeledSeries> read(List<String> columns) throws IOException {
        List<LabeledSeries> series = new ArrayList<>();
        for (Path path : paths) {
            if (!Files.exists(path)) {
                throw new IllegalArgumentException(path + " does not exist");
            }
            List<String> known = series.isEmpty() ? columns : series.get(0).features();
            // devices are named by their path under the argument's parent: skab/valve1 gives valve1/0, valve1/1, ...
            Path root = path.toAbsolutePath().normalize().getParent();
            series.addAll(LabeledCsvReader.forFeatures(known).readAll(root, csvFiles(path)));
        }
        if (series.isEmpty()) {
            throw new IllegalArgumentException("no CSV files in " + paths);
        }
        return series;
    }

    private static List<Path> csvFiles(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> walk = Files.walk(path)) {
            return walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv"))
                    .sorted(Comparator.comparing(Path::toString))
                    .toList();
        }
    }

    private ModelBundle train(List<LabeledSeries> series, PrintStream stdout) throws Exception {
        TrainingData data = EvaluationTraining.of(trainNormal, series, warmupRows);
        String version = "evaluation-" + data.features().size() + "@" + Instant.now().toString().substring(0, 10);
        Path dir = out.resolve("trained-bundle");
        ModelBundle trained = EvaluationTraining.trainBundle(data, version,
                "normal files " + trainNormal + " + first " + warmupRows + " rows of each evaluated device", dir, List.of());
        bundle = dir.toString();
        stdout.printf(Locale.ROOT, "trained %s on %,d normal rows from %d devices -> %s%n", version, data.rowCount(),
                data.rowsByDevice().size(), dir);
        return trained;
    }
}
