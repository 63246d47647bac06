package io.fleetanomaly.training;

import io.fleetanomaly.bundle.MahalanobisMode;
import io.fleetanomaly.bundle.MahalanobisSettings;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.detectors.calibration.ScoreCalibration;
import io.fleetanomaly.detectors.iforest.IsolationForest;
import io.fleetanomaly.detectors.iforest.IsolationForestTrainer;
import io.fleetanomaly.detectors.mahalanobis.MahalanobisModel;
import io.fleetanomaly.detectors.mahalanobis.Shrinkage;
import io.fleetanomaly.features.FeatureScaler;
import io.fleetanomaly.scoring.DeviceScorer;
import io.fleetanomaly.scoring.DeviceWindow;
import io.fleetanomaly.scoring.InMemoryDeviceState;
import io.fleetanomaly.state.DeviceWindowState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fits a model bundle to normal data: the scaler, the Isolation Forest (on window features), the
 * fleet Mahalanobis model, and the calibration of each detector's scores on held-out devices (or,
 * with a single device, on the last part of its history). Window features and raw scores are
 * computed by the same {@link DeviceWindow} and {@link DeviceScorer} the job runs.
 */
public final class BundleTrainer {
    private final TrainingSettings settings;

    public BundleTrainer(TrainingSettings settings) {
        this.settings = settings;
    }

    public ModelBundle train(TrainingData data) {
        List<String> features = data.features();
        if (data.rowCount() < settings.window() * 4) {
            throw new IllegalArgumentException("training needs at least " + settings.window() * 4
                    + " rows of normal data, got " + data.rowCount());
        }
        Split split = split(data.rowsByDevice());
        FeatureScaler scaler = FeatureScaler.fit(data.allRows());

        List<double[]> windowFeatures = new ArrayList<>();
        List<double[]> readings = new ArrayList<>();
        DeviceWindow window = new DeviceWindow(scaler, settings.window());
        for (List<double[]> rows : split.training()) {
            DeviceWindowState state = window.newState();
            for (double[] row : rows) {
                window.advance(state, row);
                readings.add(window.reading().clone());
                if (window.isFull(state)) {
                    windowFeatures.add(window.windowFeatures().clone());
                }
            }
        }
        if (windowFeatures.size() < 2 * settings.window()) {
            throw new IllegalArgumentException("training devices are too short for window " + settings.window());
        }
        IsolationForest forest = IsolationForestTrainer.builder()
                .numTrees(settings.numTrees())
                .subsampleSize(settings.subsampleSize())
                .seed(settings.seed())
                .build()
                .fit(windowFeatures.toArray(new double[0][]));
        MahalanobisModel fleetMahalanobis = MahalanobisModel.fit(readings.toArray(new double[0][]), Shrinkage.ledoitWolf());

        MahalanobisSettings fleetMode = settings.mahalanobis().withMode(MahalanobisMode.FLEET);
        double[][] fleetRaw = rawScores(split.heldOut(), DeviceScorer.forRawScores(
                scaler, settings.window(), forest, fleetMahalanobis, fleetMode));
        double[][] deviceRaw = rawScores(split.heldOut(), DeviceScorer.forRawScores(
                scaler, settings.window(), forest, fleetMahalanobis, fleetMode.withMode(MahalanobisMode.DEVICE)));

        return ModelBundle.builder()
                .version(settings.version())
                .features(features, settings.window(), scaler)
                .isolationForest(forest, ScoreCalibration.fit(fleetRaw[DeviceScorer.IFOREST_INDEX]),
                        settings.isolationForestWeight())
                .mahalanobis(fleetMahalanobis, settings.mahalanobis(),
                        ScoreCalibration.fit(fleetRaw[DeviceScorer.MAHALANOBIS_INDEX]),
                        ScoreCalibration.fit(deviceRaw[DeviceScorer.MAHALANOBIS_INDEX]),
                        settings.mahalanobisWeight())
                .alertSettings(settings.alertSettings())
                .build();
    }

    /** Raw scores of every warm event of the held-out devices, per detector. */
    private static double[][] rawScores(List<List<double[]>> devices, DeviceScorer scorer) {
        List<double[]> scores = new ArrayList<>();
        double[] raw = new double[2];
        for (List<double[]> rows : devices) {
            InMemoryDeviceState state = scorer.newDevice();
            for (double[] row : rows) {
                if (scorer.rawScores(state, row, raw)) {
                    scores.add(raw.clone());
                }
            }
        }
        double[][] byDetector = new double[2][scores.size()];
        for (int i = 0; i < scores.size(); i++) {
            byDetector[0][i] = scores.get(i)[0];
            byDetector[1][i] = scores.get(i)[1];
        }
        return byDetector;
    }

    private record Split(List<List<double[]>> training, List<List<double[]>> heldOut) {}

    /**
     * Every fifth device is held out for calibration when there are at least five devices;
     * otherwise each device's last part is held out.
     */
    private Split split(Map<String, List<double[]>> rowsByDevice) {
        List<List<double[]>> training = new ArrayList<>();
        List<List<double[]>> heldOut = new ArrayList<>();
        List<List<double[]>> devices = new ArrayList<>(rowsByDevice.values());
        if (devices.size() >= 5) {
            for (int i = 0; i < devices.size(); i++) {
                (i % 5 == 4 ? heldOut : training).add(devices.get(i));
            }
        } else {
            for (List<double[]> rows : devices) {
                int cut = (int) Math.round(rows.size() * (1 - settings.heldOutFraction()));
                training.add(rows.subList(0, cut));
                heldOut.add(rows.subList(cut, rows.size()));
            }
        }
        return new Split(training, heldOut);
    }
}
