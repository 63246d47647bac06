package io.fleetanomaly.evaluation.quality;

import io.fleetanomaly.evaluation.replay.LabeledRow;
import io.fleetanomaly.evaluation.replay.LabeledSeries;
import io.fleetanomaly.training.CsvTrainingReader;
import io.fleetanomaly.training.TrainingData;
import java.nio.file.Path;
import java.util.List;

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
            normal.rowsByDevice().forEach((device, rows) -> rows.forEach(row -> training.add(device, row)));
        }
        for (LabeledSeries s : evaluated) {
            for (LabeledRow row : s.head(warmupRows).rows()) {
                if (row.label() != 1) {
                    training.add(s.deviceId(), row.values());
                }
            }
        }
        if (training.rowCount() == 0) {
            throw new IllegalArgumentException("no normal rows to train on: give --train-normal files or --warmup-rows");
        }
        return training;
    }
}
