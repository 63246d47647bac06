package io.fleetanomaly.evaluation.skab;

import io.fleetanomaly.bundle.BundleLoader;
import io.fleetanomaly.bundle.BundleWriter;
import io.fleetanomaly.bundle.MahalanobisMode;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.evaluation.replay.EvaluationReplay;
import io.fleetanomaly.evaluation.replay.LabeledCsvReader;
import io.fleetanomaly.evaluation.replay.LabeledRow;
import io.fleetanomaly.evaluation.replay.LabeledSeries;
import io.fleetanomaly.evaluation.replay.ReplayRecord;
import io.fleetanomaly.evaluation.replay.ReplayResult;
import io.fleetanomaly.job.JobSettings;
import io.fleetanomaly.training.BundleTrainer;
import io.fleetanomaly.training.CsvTrainingReader;
import io.fleetanomaly.training.TrainingData;
import io.fleetanomaly.training.TrainingSettings;
import java.io.BufferedWriter;
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
import java.util.stream.Stream;

/**
 * The SKAB benchmark (outlier-detection protocol) run through the product: trains a fleet bundle
 * on {@code anomaly-free/anomaly-free.csv} plus the first {@code warmup} rows of every experiment
 * (the protocol's training data; rows labeled anomalous are left out, as {@code train} does),
 * optionally adds the LSTM autoencoder with {@code jobs/train-lstm}, replays all experiments
 * through the job graph with a per-device warm-up of {@code warmup} events, and prints F1, FAR
 * and MAR over the concatenated test parts (a test row is predicted anomalous while its device has
 * an open alert). Nothing here knows an experiment by name or looks at test labels before scoring.
 *
 * <pre>
 * jobs/skab-benchmark [--data DIR] [--work DIR] [--warmup 400] [--lstm] [--bundle DIR]
 *                     [--mahalanobis-mode device|fleet] [--weights d=w,...] [--alerting-config job.yaml]
 *                     [--per-detector] [--per-experiment] [--scores FILE.csv]
 * </pre>
 */
public final class SkabBenchmark {
    public static final int DEFAULT_WARMUP = 400;
    private static final String[] EXPERIMENT_DIRS = {"valve1", "valve2", "other"};

    private SkabBenchmark() {}

    /** Counts of a binary prediction against labels, and the protocol's figures. */
    public record Figures(long tp, long fp, long fn, long tn) {
        public double f1() {
            return 2.0 * tp / Math.max(1, 2 * tp + fp + fn);
        }

        public double far() {
            return (double) fp / Math.max(1, fp + tn);
        }

        public double mar() {
            return (double) fn / Math.max(1, fn + tp);
        }

        public long rows() {
            return tp + fp + fn + tn;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "F1 %.3f  FAR %.2f%%  MAR %.2f%%  (rows %d, TP %d FP %d FN %d TN %d)",
                    f1(), 100 * far(), 100 * mar(), rows(), tp, fp, fn, tn);
        }
    }

    /** Figures over the rows after each device's first {@code warmup} rows (simple counting). */
    public static Figures figures(List<ReplayRecord> records, int warmup) {
        long tp = 0, fp = 0, fn = 0, tn = 0;
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (ReplayRecord r : records) {
            int index = seen.merge(r.deviceId(), 1, Integer::sum) - 1;
            if (index < warmup) {
                continue;
            }
            if (r.warmingUp()) {
                throw new IllegalStateException(r.deviceId() + " row " + index + " is still warming up");
            }
            boolean predicted = r.alertOpen();
            boolean actual = r.label() == 1;
            if (predicted && actual) tp++;
            else if (predicted) fp++;
            else if (actual) fn++;
            else tn++;
        }
        return new Figures(tp, fp, fn, tn);
    }

    /** The experiment files under the SKAB directory, in a stable order. */
    public static List<Path> experimentFiles(Path data) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String dir : EXPERIMENT_DIRS) {
            Path d = data.resolve(dir);
            if (!Files.isDirectory(d)) {
                throw new IllegalArgumentException(data + " has no directory " + dir + " (is it the SKAB data?)");
            }
            try (Stream<Path> list = Files.list(d)) {
                list.filter(p -> p.toString().endsWith(".csv"))
                        .sorted(Comparator.comparing((Path p) -> p.getFileName().toString().length())
                                .thenComparing(p -> p.getFileName().toString()))
                        .forEach(files::add);
            }
        }
        return files;
    }

    /** Normal training data: the anomaly-free file and each experiment's first rows not labeled anomalous. */
    public static TrainingData trainingData(Path data, List<LabeledSeries> experiments, int warmup) {
        TrainingData free = CsvTrainingReader.read(data.resolve("anomaly-free").resolve("anomaly-free.csv"), experiments.get(0).features());
        TrainingData training = new TrainingData(free.features());
        free.rowsByDevice().forEach((device, rows) -> rows.forEach(row -> training.add(device, row)));
        for (LabeledSeries s : experiments) {
            for (LabeledRow row : s.head(warmup).rows()) {
                if (row.label() != 1) {
                    training.add(s.deviceId(), row.values());
                }
            }
        }
        return training;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--lstm", "--per-detector", "--per-experiment" -> options.put(a, "true");
                case "--data", "--work", "--warmup", "--bundle", "--scores", "--train-lstm", "--lstm-args",
                        "--mahalanobis-mode", "--window", "--parallelism", "--weights", "--alerting-config" -> {
                    if (i + 1 >= args.length) {
                        usage("option " + a + " needs a value");
                    }
                    options.put(a, args[++i]);
                }
                case "--help", "-h" -> usage(null);
                default -> usage("unknown option " + a);
            }
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Path data = Path.of(options.getOrDefault("--data", "../shared/benchmarks/skab"));
        int warmup = Integer.parseInt(options.getOrDefault("--warmup", "" + DEFAULT_WARMUP));
        int parallelism = Integer.parseInt(options.getOrDefault("--parallelism", "1"));

        List<LabeledSeries> experiments = new ArrayList<>();
        List<String> features = null;
        for (Path file : experimentFiles(data)) {
            LabeledCsvReader reader = LabeledCsvReader.forFeatures(features == null ? List.of() : features);
            List<LabeledSeries> read = reader.read(file, LabeledCsvReader.deviceIdFor(data, file));
            features = read.get(0).features();
            experiments.addAll(read);
        }
        out.printf(Locale.ROOT, "SKAB: %d experiments, %d rows, %d features, warm-up %d rows per experiment%n",
                experiments.size(), experiments.stream().mapToInt(s -> s.rows().size()).sum(), features.size(), warmup);

        ModelBundle bundle;
        if (options.containsKey("--bundle")) {
            bundle = BundleLoader.load(options.get("--bundle"));
        } else {
            Path work = options.containsKey("--work") ? Path.of(options.get("--work")) : Files.createTempDirectory("skab-bundle");
            bundle = train(data, experiments, warmup, options, work, out);
        }
        // Device mode by default: every SKAB experiment runs at its own operating point (flow 32 or
        // 122 l/min, accelerometer levels an order of magnitude apart), which is what the per-device
        // baseline learned from the warm-up is for; fleet mode is there to compare (F1 0.25).
        MahalanobisMode mode = MahalanobisMode.parse(options.getOrDefault("--mahalanobis-mode", "device"));
        bundle = bundle.withMahalanobisSettings(bundle.mahalanobisSettings().withMode(mode));
        if (options.containsKey("--weights")) {
            Map<String, Double> weights = new LinkedHashMap<>();
            for (String pair : options.get("--weights").split(",")) {
                String[] kv = pair.split("=", 2);
                if (kv.length != 2) {
                    usage("--weights takes detector=weight pairs, e.g. iforest=0,mahalanobis=1");
                }
                weights.put(kv[0].trim(), Double.parseDouble(kv[1].trim()));
            }
            bundle = bundle.withWeights(weights);
        }
        if (options.containsKey("--alerting-config")) {
            var alerting = io.fleetanomaly.config.JobConfigLoader.load(Path.of(options.get("--alerting-config"))).config().alerting;
            bundle = bundle.withAlertSettings(alerting.applyTo(bundle.alertSettings()));
        }
        JobSettings settings = JobSettings.builder().parallelism(parallelism).deviceWarmupEvents(warmup).build();

        long started = System.nanoTime();
        ReplayResult result = EvaluationReplay.run(experiments, bundle, settings);
        double seconds = (System.nanoTime() - started) / 1e9;
        int expected = experiments.stream().mapToInt(s -> s.rows().size()).sum();
        if (result.records().size() != expected || !result.deadLetters().isEmpty() || result.lateEvents() != 0) {
            throw new IllegalStateException("replay lost rows: " + result.records().size() + " records of " + expected
                    + ", " + result.deadLetters().size() + " dead letters, " + result.lateEvents() + " late");
        }
        Figures all = figures(result.records(), warmup);
        out.printf(Locale.ROOT, "bundle %s, detectors %s, weights %s, mahalanobis %s%n  alerting %s%n", bundle.version(),
                String.join("+", bundle.detectorNames()), java.util.Arrays.toString(bundle.detectorWeights()),
                bundle.mahalanobisSettings().mode(), bundle.alertSettings());
        out.printf(Locale.ROOT, "replay: %d events in %.1f s, %d alerts opened%n", result.records().size(), seconds,
                result.alerts().stream().filter(a -> a.status == io.fleetanomaly.events.AlertStatus.OPEN).count());
        out.println("fused (product):   " + all);
        if (options.containsKey("--per-experiment")) {
            Map<String, List<ReplayRecord>> byDevice = new LinkedHashMap<>();
            result.records().forEach(r -> byDevice.computeIfAbsent(r.deviceId(), d -> new ArrayList<>()).add(r));
            byDevice.forEach((device, records) -> out.printf(Locale.ROOT, "  %-10s %s%n", device, figures(records, warmup)));
        }
        if (options.containsKey("--scores")) {
            writeScores(Path.of(options.get("--scores")), result);
        }
        if (options.containsKey("--per-detector")) {
            for (String detector : bundle.detectorNames()) {
                Map<String, Double> weights = new LinkedHashMap<>();
                for (String other : bundle.detectorNames()) {
                    weights.put(other, other.equals(detector) ? 1.0 : 0.0);
                }
                ReplayResult alone = EvaluationReplay.run(experiments, bundle.withWeights(weights), settings);
                out.printf(Locale.ROOT, "%-18s %s%n", detector + " alone:", figures(alone.records(), warmup));
            }
        }
    }

    private static ModelBundle train(Path data, List<LabeledSeries> experiments, int warmup, Map<String, String> options,
            Path work, PrintStream out) throws Exception {
        TrainingData training = trainingData(data, experiments, warmup);
        TrainingSettings.Builder settings = TrainingSettings.builder("skab-" + training.features().size() + "@" + Instant.now().toString().substring(0, 10));
        if (options.containsKey("--window")) {
            settings.window(Integer.parseInt(options.get("--window")));
        }
        ModelBundle bundle = new BundleTrainer(settings.build()).train(training);
        Path dir = work.resolve("bundle");
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("source", "SKAB anomaly-free + first " + warmup + " rows of each experiment");
        info.put("rows", training.rowCount());
        info.put("devices", training.rowsByDevice().size());
        BundleWriter.write(bundle, info, Instant.now().toString(), dir);
        out.printf(Locale.ROOT, "trained bundle %s in %s (%d rows from %d devices)%n", bundle.version(), dir,
                training.rowCount(), training.rowsByDevice().size());
        if (options.containsKey("--lstm")) {
            Path csv = work.resolve("training.csv");
            writeTrainingCsv(training, csv);
            List<String> command = new ArrayList<>(List.of(options.getOrDefault("--train-lstm", "jobs/train-lstm"),
                    "--bundle", dir.toString(), "--csv", csv.toString()));
            String extra = options.getOrDefault("--lstm-args", "--epochs 30 --batch-size 256 --lr 3e-3");
            command.addAll(List.of(extra.trim().split("\\s+")));
            out.println("training the LSTM autoencoder: " + String.join(" ", command));
            Process process = new ProcessBuilder(command).inheritIO().start();
            if (process.waitFor() != 0) {
                throw new IllegalStateException("train-lstm failed with status " + process.exitValue());
            }
        }
        return BundleLoader.load(dir.toString());
    }

    private static void writeTrainingCsv(TrainingData training, Path csv) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write("device_id,ts," + String.join(",", training.features()) + "\n");
            for (Map.Entry<String, List<double[]>> device : training.rowsByDevice().entrySet()) {
                long ts = 0;
                for (double[] row : device.getValue()) {
                    StringBuilder line = new StringBuilder(device.getKey()).append(',').append(ts++);
                    for (double v : row) {
                        line.append(',');
                        if (!Double.isNaN(v)) {
                            line.append(v);
                        }
                    }
                    w.write(line.append('\n').toString());
                }
            }
        }
    }

    private static void writeScores(Path file, ReplayResult result) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("device_id,ts,label,changepoint,warming_up,fused," + String.join(",", result.detectorNames())
                    + ",cusum,alert_open\n");
            for (ReplayRecord r : result.records()) {
                StringBuilder line = new StringBuilder();
                line.append(r.deviceId()).append(',').append(r.ts()).append(',').append(r.label()).append(',')
                        .append(r.changepoint() ? 1 : 0).append(',').append(r.warmingUp() ? 1 : 0).append(',')
                        .append(r.fusedScore());
                for (int i = 0; i < result.detectorNames().size(); i++) {
                    line.append(',').append(r.detectorScores() == null ? "" : String.valueOf(r.detectorScores()[i]));
                }
                line.append(',').append(r.cusum()).append(',').append(r.alertOpen() ? 1 : 0).append('\n');
                w.write(line.toString());
            }
        }
    }

    private static void usage(String problem) {
        PrintStream err = System.err;
        if (problem != null) {
            err.println("skab-benchmark: " + problem);
        }
        err.println("usage: jobs/skab-benchmark [--data DIR] [--work DIR] [--warmup 400] [--window W] [--lstm]"
                + " [--lstm-args '...'] [--train-lstm jobs/train-lstm] [--bundle DIR] [--mahalanobis-mode device|fleet]"
                + " [--weights iforest=0.5,mahalanobis=0.5] [--alerting-config job.yaml]"
                + " [--parallelism 1] [--per-detector] [--per-experiment] [--scores FILE.csv]");
        System.exit(problem == null ? 0 : 2);
    }
}
