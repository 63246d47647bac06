package io.fleetanomaly.evaluation.skab;

import io.fleetanomaly.bundle.MahalanobisSettings;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.evaluation.quality.EvaluationTraining;
import io.fleetanomaly.evaluation.replay.LabeledSeries;
import io.fleetanomaly.training.TrainingData;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
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
        return train(data, experiments, warmup, lstmCommand, work, out, MahalanobisSettings.defaults());
    }

    /** As above, in this Mahalanobis mode: device mode trains every detector on device-scaled inputs. */
    public static ModelBundle train(Path data, List<LabeledSeries> experiments, int warmup, List<String> lstmCommand,
            Path work, PrintStream out, MahalanobisSettings mahalanobis) throws Exception {
        TrainingData training = trainingData(data, experiments, warmup);
        String version = "skab-" + training.features().size() + "@" + Instant.now().toString().substring(0, 10);
        Path dir = work.resolve("bundle");
        ModelBundle bundle = EvaluationTraining.trainBundle(training, version,
                "SKAB anomaly-free + first " + warmup + " rows of each experiment", dir, lstmCommand, mahalanobis);
        out.printf(Locale.ROOT, "trained bundle %s in %s (%d rows from %d devices)%n", bundle.version(), dir,
                training.rowCount(), training.rowsByDevice().size());
        return bundle;
    }
}
