package io.fleetanomaly.evaluation.quality;

import io.fleetanomaly.bundle.BundleLoader;
import io.fleetanomaly.bundle.BundleWriter;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.evaluation.replay.LabeledRow;
import io.fleetanomaly.evaluation.replay.LabeledSeries;
import io.fleetanomaly.bundle.MahalanobisMode;
import io.fleetanomaly.bundle.MahalanobisSettings;
import io.fleetanomaly.training.BundleTrainer;
import io.fleetanomaly.training.CsvTrainingReader;
import io.fleetanomaly.training.TrainingData;
import io.fleetanomaly.training.TrainingSettings;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The normal data an evaluation may train fleet models on first: whole files of normal operation,
 * plus each evaluated device's warm-up rows (its own history before the scored part; rows labeled
 * anomalous are left out, as {@code train} does). Never a scored row.
 */
public final class EvaluationTraining {
    private EvaluationTraining() {}

    public static TrainingData of(List<Path> normalFiles, List<LabeledSeries> evaluated, int warmupRows) {
        if (evaluated.isEmpty()) {
            throw new IllegalArgumentException("nothing to evaluate");
        }
        List<String> features = evaluated.get(0).features();
        TrainingData training = new TrainingData(features);
        for (Path file : normalFiles) {
            TrainingData normal = CsvTrainingReader.read(file, features);
            normal.rowsByDevice().forEach((device, rows) -> {
                List<Long> times = normal.timesByDevice().get(device);
                for (int i = 0; i < rows.size(); i++) {
                    training.add(device, times.get(i), rows.get(i));
                }
            });
        }
        for (LabeledSeries s : evaluated) {
            for (LabeledRow row : s.head(warmupRows).rows()) {
                if (row.label() != 1) {
                    training.add(s.deviceId(), row.ts(), row.values());
                }
            }
        }
        if (training.rowCount() == 0) {
            throw new IllegalArgumentException("no normal rows to train on: give --train-normal files or --warmup-rows");
        }
        return training;
    }

    /**
     * Trains a fleet bundle with the default training settings, writes it to {@code dir} (with
     * {@code source} and the row counts as its training information), and with {@code lstmCommand}
     * (e.g. {@code jobs/train-lstm} and its arguments) adds the LSTM autoencoder trained on the same
     * rows. Returns the bundle as loaded back from {@code dir}.
     */
    public static ModelBundle trainBundle(TrainingData data, String version, String source, Path dir,
            List<String> lstmCommand) throws IOException, InterruptedException {
        return trainBundle(data, version, source, dir, lstmCommand, MahalanobisSettings.defaults());
    }

    /**
     * As {@link #trainBundle(TrainingData, String, String, Path, List)} with these Mahalanobis
     * settings: device mode trains every detector on device-scaled inputs.
     */
    public static ModelBundle trainBundle(TrainingData data, String version, String source, Path dir,
            List<String> lstmCommand, MahalanobisSettings mahalanobis) throws IOException, InterruptedException {
        MahalanobisSettings settings = mahalanobis.mode() == MahalanobisMode.DEVICE && !mahalanobis.deviceScaledInputs()
                ? mahalanobis.withDeviceScaling(0, 0, 0)
                : mahalanobis;
        ModelBundle trained = new BundleTrainer(TrainingSettings.builder(version).mahalanobis(settings).build()).train(data);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("source", source);
        info.put("rows", data.rowCount());
        info.put("devices", data.rowsByDevice().size());
        BundleWriter.write(trained, info, Instant.now().toString(), dir);
        if (!lstmCommand.isEmpty()) {
            Path csv = dir.resolveSibling(dir.getFileName() + "-training.csv");
            List<String> command = new ArrayList<>(lstmCommand);
            if (settings.deviceScaledInputs()) {
                writeScaledCsv(BundleTrainer.deviceInputs(trained, data), data.features(), csv);
                command.add("--scaled-csv");
            } else {
                writeCsv(data, csv);
            }
            command.addAll(List.of("--bundle", dir.toString(), "--csv", csv.toString()));
            System.out.println("training the LSTM autoencoder: " + String.join(" ", command));
            Process process = new ProcessBuilder(command).inheritIO().start();
            if (process.waitFor() != 0) {
                throw new IllegalStateException("train-lstm failed with status " + process.exitValue());
            }
        }
        return BundleLoader.load(dir.toString());
    }

    /** Device-scaled LSTM inputs as a CSV for {@code jobs/train-lstm --scaled-csv} (device_id, ts as row number, features). */
    public static void writeScaledCsv(Map<String, List<double[]>> inputs, List<String> features, Path csv) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write("device_id,ts," + String.join(",", features) + "\n");
            for (Map.Entry<String, List<double[]>> device : inputs.entrySet()) {
                long ts = 0;
                for (double[] row : device.getValue()) {
                    StringBuilder line = new StringBuilder(device.getKey()).append(',').append(ts++);
                    for (double v : row) {
                        line.append(',').append((float) v);
                    }
                    w.write(line.append('\n').toString());
                }
            }
        }
    }

    /** The rows as a CSV the LSTM training script reads (device_id, ts as row number, features; empty = missing). */
    private static void writeCsv(TrainingData training, Path csv) throws IOException {
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
