package io.fleetanomaly.evaluation.skab;

import io.fleetanomaly.bundle.BundleLoader;
import io.fleetanomaly.bundle.BundleWriter;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.evaluation.quality.EvaluationTraining;
import io.fleetanomaly.evaluation.replay.LabeledSeries;
import io.fleetanomaly.training.BundleTrainer;
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
 * The SKAB data under the published outlier-detection protocol: the 34 experiment files, and the
 * training data (the anomaly-free file plus each experiment's first {@code warmup} rows; rows
 * labeled anomalous are left out, as {@code train} does). Nothing here knows an experiment by name
 * or looks at test labels. The command is {@code benchmark-skab} ({@code jobs/skab-benchmark}).
 */
public final class SkabBenchmark {
    public static final int DEFAULT_WARMUP = 400;
    private static final String[] EXPERIMENT_DIRS = {"valve1", "valve2", "other"};

    private SkabBenchmark() {}

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
        return EvaluationTraining.of(List.of(data.resolve("anomaly-free").resolve("anomaly-free.csv")), experiments, warmup);
    }

    /**
     * Trains the fleet bundle on the protocol's training data into {@code work/bundle}; with
     * {@code lstmCommand} (e.g. {@code jobs/train-lstm} and its arguments) adds the LSTM autoencoder.
     */
    public static ModelBundle train(Path data, List<LabeledSeries> experiments, int warmup, List<String> lstmCommand,
            Path work, PrintStream out) throws Exception {
        TrainingData training = trainingData(data, experiments, warmup);
        TrainingSettings.Builder settings = TrainingSettings.builder("skab-" + training.features().size() + "@" + Instant.now().toString().substring(0, 10));
        ModelBundle bundle = new BundleTrainer(settings.build()).train(training);
        Path dir = work.resolve("bundle");
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("source", "SKAB anomaly-free + first " + warmup + " rows of each experiment");
        info.put("rows", training.rowCount());
        info.put("devices", training.rowsByDevice().size());
        BundleWriter.write(bundle, info, Instant.now().toString(), dir);
        out.printf(Locale.ROOT, "trained bundle %s in %s (%d rows from %d devices)%n", bundle.version(), dir,
                training.rowCount(), training.rowsByDevice().size());
        if (!lstmCommand.isEmpty()) {
            Path csv = work.resolve("training.csv");
            writeTrainingCsv(training, csv);
            List<String> command = new ArrayList<>(lstmCommand);
            command.addAll(List.of("--bundle", dir.toString(), "--csv", csv.toString()));
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
}
