package io.fleetanomaly.cli;

import io.fleetanomaly.bundle.BundleLoader;
import io.fleetanomaly.bundle.MahalanobisMode;
import io.fleetanomaly.bundle.MahalanobisSettings;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.evaluation.metrics.ConfusionMatrix;
import io.fleetanomaly.evaluation.metrics.NabScorer;
import io.fleetanomaly.evaluation.quality.EvaluationOptions;
import io.fleetanomaly.evaluation.quality.EvaluationSummary;
import io.fleetanomaly.evaluation.quality.LabeledEvaluation;
import io.fleetanomaly.evaluation.replay.LabeledCsvReader;
import io.fleetanomaly.evaluation.replay.LabeledSeries;
import io.fleetanomaly.evaluation.skab.SkabBenchmark;
import io.fleetanomaly.evaluation.skab.SkabLeaderboard;
import io.fleetanomaly.evaluation.tuning.AlertGrid;
import io.fleetanomaly.evaluation.tuning.AlertReplay;
import io.fleetanomaly.evaluation.tuning.CrossValidation;
import io.fleetanomaly.evaluation.tuning.SelectionRule;
import io.fleetanomaly.evaluation.tuning.DeviceSeries;
import io.fleetanomaly.evaluation.tuning.FleetScores;
import io.fleetanomaly.evaluation.tuning.TuningOptions;
import io.fleetanomaly.evaluation.tuning.WeightGrid;
import io.fleetanomaly.alerting.AlertSettings;
import io.fleetanomaly.job.JobSettings;
import io.fleetanomaly.fusion.FusionMethod;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/**
 * {@code benchmark-skab}: the SKAB benchmark under its published protocol, through the product —
 * train on the protocol's training data, replay all 34 experiments through the job with a
 * 400-event warm-up, print F1 / FAR / MAR in the published leaderboard and the NAB score beside
 * the changepoint leaderboard, and write the evaluation report.
 */
@Command(
        name = "benchmark-skab",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the SKAB benchmark (outlier-detection protocol) through the job and prints our row in",
            "the published leaderboard. The data is read at run time (--data), never copied."
        })
public final class BenchmarkSkabCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, description = "The SKAB directory (valve1/, valve2/, other/, anomaly-free/).")
    Path data;

    @Option(names = "--warmup", defaultValue = "" + SkabBenchmark.DEFAULT_WARMUP, description = "Training rows at the start of each experiment (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--bundle", description = "Use this bundle instead of training one.")
    String bundle;

    @Option(names = "--lstm", description = "Train and use the LSTM autoencoder too (runs jobs/train-lstm; needs python3-torch).")
    boolean lstm;

    @Option(names = "--train-lstm", defaultValue = "jobs/train-lstm", description = "The LSTM training command (default ${DEFAULT-VALUE}).")
    String trainLstm;

    @Option(names = "--lstm-args", defaultValue = "--epochs 30 --batch-size 256 --lr 3e-3", description = "Its arguments (default ${DEFAULT-VALUE}).")
    String lstmArgs;

    @Option(names = "--mahalanobis-mode", defaultValue = "device", description = "device (each experiment's own baseline from its warm-up) or fleet (default ${DEFAULT-VALUE}).")
    String mahalanobisMode;

    @Option(names = "--fusion", description = "Override the bundle's fusion method: weighted_mean or max.")
    String fusion;

    @Option(names = "--weights", split = ",", description = "Fusion weights, e.g. iforest=0.5,mahalanobis=0.5.")
    Map<String, Double> weights = new LinkedHashMap<>();

    @Option(names = "--work", description = "Where the trained bundle goes (default: a temporary directory).")
    Path work;

    @Option(names = "--out", defaultValue = "reports/skab", description = "Report directory (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--cross-validate", description = "Also learn the device-mode smoothing, fusion weights and CUSUM k, h, hysteresis and recovery fraction by two-fold cross-validation over the experiments (chosen on one half, scored on the other).")
    boolean crossValidate;

    @Option(names = "--cv-smoothing", split = ",", defaultValue = "1,3,5,10,20", description = "Cross-validation: the device-mode smoothing events to choose among, each trained and replayed (default ${DEFAULT-VALUE}; with --bundle only the bundle's own).")
    List<Integer> cvSmoothing;

    /** 2-fold splits of a tuning half with which the inner-CV margin is learned and each fold chooses its rule. */
    static final int CV_INNER_SPLITS = 10;

    @Option(names = "--cv-max-far", defaultValue = "0.12", description = "Cross-validation: the false-alarm rate to stay within on experiments not tuned on; each fold chooses, by 2-fold splits of its tuning half, how to hold it (default ${DEFAULT-VALUE}).")
    double cvMaxFar;

    @Option(names = "--min-f1", description = "Regression guard: exit 1 when the alert output's F1 is below this (with --cross-validate, either row's).")
    Double minF1;

    @Option(names = "--max-far", description = "Regression guard: exit 1 when the alert output's FAR (a fraction) is above this (with --cross-validate, either row's).")
    Double maxFar;

    @Option(names = "--max-mar", description = "Regression guard: exit 1 when the alert output's MAR (a fraction) is above this (with --cross-validate, either row's).")
    Double maxMar;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (cvSmoothing.stream().anyMatch(s -> s < 1)) {
            throw new ParameterException(spec.commandLine(), "--cv-smoothing values must be >= 1, got " + cvSmoothing);
        }
        PrintStream stdout = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        List<LabeledSeries> experiments = LabeledCsvReader.forFeatures(List.of()).readAll(data, SkabBenchmark.experimentFiles(data));
        List<String> features = experiments.get(0).features();
        stdout.printf(Locale.ROOT, "SKAB: %d experiments, %,d rows, %d sensors; the first %d rows of each are training data%n",
                experiments.size(), experiments.stream().mapToLong(s -> s.rows().size()).sum(), features.size(), warmup);

        Path workDir = bundle == null ? (work != null ? work : Files.createTempDirectory("skab-bundle")) : null;
        ModelBundle model = bundle != null ? adjusted(BundleLoader.load(bundle))
                : trainBundle(experiments, MahalanobisSettings.DEFAULT_DEVICE_SMOOTHING_EVENTS, workDir, stdout);
        JobSettings settings = JobSettings.builder().parallelism(1).deviceWarmupEvents(warmup).emitScores(true).build();
        EvaluationOptions options = EvaluationOptions.defaults();
        long started = System.nanoTime();
        LabeledEvaluation evaluation = LabeledEvaluation.run(experiments, model, settings, options);
        stdout.printf(Locale.ROOT, "bundle %s [%s], weights %s, Mahalanobis %s; replayed in %.1f s%n", model.version(),
                String.join(", ", model.detectorNames()), java.util.Arrays.toString(model.detectorWeights()),
                model.mahalanobisSettings().mode().configName(), (System.nanoTime() - started) / 1e9);
        stdout.println(evaluation.replay().inputSummary(settings.outOfOrderness().toMillis()));
        EvaluationSummary.print(stdout, evaluation.result(), options);

        // Each detector alone through the same CUSUM (replayed, same events): what fusion adds.
        String[] names = model.detectorNames();
        for (int k = 0; k < names.length; k++) {
            double[] alone = new double[names.length];
            alone[k] = 1;
            ConfusionMatrix m = AlertReplay.confusion(FleetScores.fuse(evaluation.devices(), alone, model.fusionMethod()), model.alertSettings());
            stdout.printf(Locale.ROOT, "alerts, %-11s alone  %s%n", names[k], EvaluationSummary.rates(m));
        }

        ConfusionMatrix ours = evaluation.result().alerts().confusion();
        String label = "fleet-anomaly (" + String.join("+", names) + ", " + model.fusionMethod().configName() + ")";
        List<SkabLeaderboard.OutlierRow> ourRows = new ArrayList<>();
        ourRows.add(new SkabLeaderboard.OutlierRow(label, ours.f1(), 100 * ours.far(), 100 * ours.mar()));
        ConfusionMatrix cvConfusion = null;
        if (crossValidate) {
            cvConfusion = crossValidate(experiments, evaluation, model, settings, options, workDir, stdout);
            ourRows.add(new SkabLeaderboard.OutlierRow(label + " 2-fold CV-tuned", cvConfusion.f1(), 100 * cvConfusion.far(),
                    100 * cvConfusion.mar()));
        }
        stdout.println();
        SkabLeaderboard.printOutliers(stdout, ourRows);
        stdout.println();
        SkabLeaderboard.printChangepoints(stdout, new SkabLeaderboard.ChangepointRow(label,
                evaluation.result().alerts().nab().normalized(NabScorer.Profile.STANDARD)));

        Path html = evaluation.writeReport("SKAB (" + data.toAbsolutePath().normalize() + ")",
                "fleet-anomaly benchmark-skab", options, experiments.size(), out);
        stdout.println("report: " + html.toAbsolutePath());

        List<String> violations = new ArrayList<>();
        // the guard holds every row of ours to the same floors: the product's settings and, when asked, the cross-validated ones
        guard("defaults", ours, violations);
        if (cvConfusion != null) {
            guard("cross-validated", cvConfusion, violations);
        }
        if (!violations.isEmpty()) {
            System.err.println("SKAB regression guard failed: " + String.join(", ", violations));
            return 1;
        }
        return 0;
    }

    /** Adds to {@code violations} each floor (--min-f1, --max-far, --max-mar) the row misses. */
    private void guard(String row, ConfusionMatrix m, List<String> violations) {
        if (minF1 != null && !(m.f1() >= minF1)) {
            violations.add(String.format(Locale.ROOT, "%s F1 %.3f < %.3f", row, m.f1(), minF1));
        }
        if (maxFar != null && !(m.far() <= maxFar)) {
            violations.add(String.format(Locale.ROOT, "%s FAR %.4f > %.4f", row, m.far(), maxFar));
        }
        if (maxMar != null && !(m.mar() <= maxMar)) {
            violations.add(String.format(Locale.ROOT, "%s MAR %.4f > %.4f", row, m.mar(), maxMar));
        }
    }

    /** Trains the protocol's bundle with this device-mode smoothing into {@code dir}, with the command's options applied. */
    private ModelBundle trainBundle(List<LabeledSeries> experiments, int smoothingEvents, Path dir, PrintStream stdout)
            throws Exception {
        List<String> lstmCommand = new ArrayList<>();
        if (lstm) {
            lstmCommand.add(trainLstm);
            lstmCommand.addAll(List.of(lstmArgs.trim().split("\\s+")));
        }
        MahalanobisSettings mahalanobis = new MahalanobisSettings(MahalanobisMode.parse(mahalanobisMode),
                MahalanobisSettings.DEFAULT_DEVICE_WARMUP_EVENTS, MahalanobisSettings.DEFAULT_DEVICE_SHRINKAGE, smoothingEvents);
        return adjusted(SkabBenchmark.train(data, experiments, warmup, lstmCommand, dir, stdout, mahalanobis));
    }

    /** The bundle with the command's Mahalanobis mode (unless its inputs are device-scaled), weights and fusion. */
    private ModelBundle adjusted(ModelBundle model) {
        if (!model.mahalanobisSettings().deviceScaledInputs()) {
            model = model.withMahalanobisSettings(model.mahalanobisSettings().withMode(MahalanobisMode.parse(mahalanobisMode)));
        }
        if (!weights.isEmpty()) {
            model = model.withWeights(weights);
        }
        if (fusion != null) {
            model = model.withFusionMethod(FusionMethod.parse(fusion));
        }
        return model;
    }

    /**
     * Device-mode smoothing ({@code --cv-smoothing}; each value trained and replayed, the bundle's own
     * reused) x weights (step 0.1) x k x resolve hysteresis x recovery fraction x h, chosen on one half
     * of the experiments and scored on the other.
     */
    private ConfusionMatrix crossValidate(List<LabeledSeries> experiments, LabeledEvaluation evaluation, ModelBundle model,
            JobSettings settings, EvaluationOptions options, Path workDir, PrintStream stdout) throws Exception {
        long started = System.nanoTime();
        int own = model.mahalanobisSettings().deviceSmoothingEvents();
        List<Integer> smoothing = workDir == null ? List.of(own) : cvSmoothing.stream().sorted().distinct().toList();
        List<CrossValidation.Variant> variants = new ArrayList<>();
        for (int s : smoothing) {
            List<DeviceSeries> devices = s == own ? evaluation.devices()
                    : LabeledEvaluation.run(experiments, trainBundle(experiments, s, workDir.resolve("smoothing-" + s), stdout),
                            settings, options).devices();
            variants.add(new CrossValidation.Variant("smoothing " + s, devices));
        }
        AlertGrid grid = TuningOptions.wideGrid(model.alertSettings());
        List<SelectionRule> rules = List.of(new SelectionRule.FarLimit(cvMaxFar),
                new SelectionRule.FarUpperBound(cvMaxFar, 1.0), new SelectionRule.FarUpperBound(cvMaxFar, 1.645),
                new SelectionRule.InnerCvMargin(cvMaxFar, CV_INNER_SPLITS));
        CrossValidation.RuledResult result = CrossValidation.twoFoldChoosingRule(variants,
                WeightGrid.simplex(model.detectorNames().length, 10), grid, model.fusionMethod(), rules, cvMaxFar,
                CV_INNER_SPLITS, 1L, true);
        stdout.printf(Locale.ROOT, "2-fold cross-validation (smoothing among %s%s; each fold chooses its selection rule by %d 2-fold"
                        + " splits of its tuning half: the best inner held-out F1 with inner held-out FAR <= %.0f%%) in %.1f s:%n",
                smoothing, workDir == null ? ", the bundle's own" : "", CV_INNER_SPLITS, 100 * cvMaxFar,
                (System.nanoTime() - started) / 1e9);
        for (CrossValidation.RuledFold fold : result.folds()) {
            for (CrossValidation.RuleEvidence evidence : fold.evidence()) {
                stdout.printf(Locale.ROOT, "    inner splits of the tuning half, %-42s %s%n", evidence.rule().name(),
                        EvaluationSummary.rates(evidence.innerHeldOut()));
            }
            stdout.printf(Locale.ROOT, "  rule %s%s; %s weights %s k %.1f h %.1f resolve %d recovery %.2f: tuning half %s | held-out half %s%n",
                    fold.rule().name(), fold.learned().isEmpty() ? "" : " (" + fold.learned() + ")",
                    fold.variant(), java.util.Arrays.toString(fold.weights()), fold.settings().k(), fold.settings().h(),
                    fold.settings().resolveAfterEvents(), fold.settings().recoveryFraction(),
                    EvaluationSummary.rates(fold.chosenOn()),
                    EvaluationSummary.rates(fold.heldOut()));
        }
        stdout.println("  held out, both halves  " + EvaluationSummary.rates(result.heldOut()));
        stdout.println("  for the record (no choice looks at these), each rule applied in both folds, held out:");
        result.heldOutByRule().forEach((name, m) -> stdout.printf(Locale.ROOT, "    %-42s %s%n", name, EvaluationSummary.rates(m)));
        return result.heldOut();
    }
}
