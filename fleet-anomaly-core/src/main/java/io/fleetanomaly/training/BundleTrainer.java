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
        Split split = split(data);
        FeatureScaler scaler = FeatureScaler.fit(data.allRows());
        MahalanobisSettings mahalanobis = settings.mahalanobis();
        boolean deviceScaled = mahalanobis.deviceScaledInputs();
        if (deviceScaled && mahalanobis.seasonPeriodMs() > 0 && data.timesByDevice().values().stream()
                .anyMatch(times -> times.contains(TrainingData.UNKNOWN_TIME))) {
            throw new IllegalArgumentException("a device season needs timestamps: the training data has rows without a time");
        }
        MahalanobisSettings fleetMode = new MahalanobisSettings(MahalanobisMode.FLEET, mahalanobis.deviceWarmupEvents(),
                mahalanobis.deviceShrinkage(), mahalanobis.deviceSmoothingEvents());

        List<double[]> readings = new ArrayList<>();
        DeviceWindow window = new DeviceWindow(scaler, settings.window());
        for (DeviceRows device : split.training()) {
            DeviceWindowState state = window.newState();
            for (double[] row : device.rows()) {
                window.advance(state, row);
                readings.add(window.reading().clone());
            }
        }
        MahalanobisModel fleetMahalanobis = MahalanobisModel.fit(readings.toArray(new double[0][]), Shrinkage.ledoitWolf());
        // the forest learns from the window features the job will score: fleet-scaled, or (device-scaled inputs)
        // each device on its own scale after its warm-up
        List<double[]> windowFeatures = new ArrayList<>();
        DeviceScorer featureScorer = DeviceScorer.forRawScores(scaler, settings.window(), null, fleetMahalanobis,
                deviceScaled ? mahalanobis.withMode(MahalanobisMode.DEVICE) : fleetMode);
        for (DeviceRows device : split.training()) {
            InMemoryDeviceState state = featureScorer.newDevice();
            for (int i = 0; i < device.rows().size(); i++) {
                if (featureScorer.advanceWarm(state, device.ts()[i], device.rows().get(i))) {
                    windowFeatures.add(featureScorer.windowFeatures().clone());
                }
            }
        }
        if (windowFeatures.size() < 2 * settings.window()) {
            throw new IllegalArgumentException("training devices are too short for window " + settings.window()
                    + (deviceScaled ? " after a device warm-up of " + mahalanobis.deviceWarmupEvents() + " events" : ""));
        }
        IsolationForest forest = IsolationForestTrainer.builder()
                .numTrees(settings.numTrees())
                .subsampleSize(settings.subsampleSize())
                .seed(settings.seed())
                .build()
                .fit(windowFeatures.toArray(new double[0][]));

        double[][] fleetRaw = rawScores(split.heldOut(), DeviceScorer.forRawScores(
                scaler, settings.window(), forest, fleetMahalanobis, fleetMode));
        double[][] deviceRaw = rawScores(split.heldOut(), DeviceScorer.forRawScores(
                scaler, settings.window(), forest, fleetMahalanobis,
                deviceScaled ? mahalanobis.withMode(MahalanobisMode.DEVICE) : fleetMode.withMode(MahalanobisMode.DEVICE)));

        return ModelBundle.builder()
                .version(settings.version())
                .features(features, settings.window(), scaler)
                .isolationForest(forest, ScoreCalibration.fit((deviceScaled ? deviceRaw : fleetRaw)[DeviceScorer.IFOREST_INDEX]),
                        settings.isolationForestWeight())
                .mahalanobis(fleetMahalanobis, mahalanobis,
                        ScoreCalibration.fit(fleetRaw[DeviceScorer.MAHALANOBIS_INDEX]),
                        ScoreCalibration.fit(deviceRaw[DeviceScorer.MAHALANOBIS_INDEX]),
                        settings.mahalanobisWeight())
                .alertSettings(settings.alertSettings())
                .build();
    }

    /**
     * Device-scaled inputs: each device's LSTM autoencoder inputs as the job builds them (its own
     * scale after its warm-up), per device in time order, rows of F values; for {@code train
     * --device-inputs-csv}, which {@code jobs/train_lstm.py --scaled-csv} trains on.
     */
    public static Map<String, List<double[]>> deviceInputs(ModelBundle bundle, TrainingData data) {
        DeviceScorer scorer = DeviceScorer.forRawScores(bundle.scaler(), bundle.window(), bundle.isolationForest(),
                bundle.fleetMahalanobis(), bundle.mahalanobisSettings());
        Map<String, List<double[]>> out = new java.util.LinkedHashMap<>();
        int f = bundle.featureCount();
        data.rowsByDevice().forEach((device, rows) -> {
            List<Long> times = data.timesByDevice().get(device);
            InMemoryDeviceState state = scorer.newDevice();
            List<double[]> inputs = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                if (scorer.advanceWarm(state, times.get(i), rows.get(i))) {
                    float[] w = scorer.chronologicalWindow(state.window());
                    // the first warm event adds its whole window, each later one its newest reading:
                    // windows cut from the rows are exactly the windows the job scores
                    int first = inputs.isEmpty() ? 0 : w.length / f - 1;
                    for (int r = first; r < w.length / f; r++) {
                        double[] row = new double[f];
                        for (int j = 0; j < f; j++) {
                            row[j] = w[r * f + j];
                        }
                        inputs.add(row);
                    }
                }
            }
            out.put(device, inputs);
        });
        return out;
    }

    /** Raw scores of every warm event of the held-out devices, per detector. */
    private static double[][] rawScores(List<DeviceRows> devices, DeviceScorer scorer) {
        List<double[]> scores = new ArrayList<>();
        double[] raw = new double[2];
        for (DeviceRows device : devices) {
            InMemoryDeviceState state = scorer.newDevice();
            for (int i = 0; i < device.rows().size(); i++) {
                if (scorer.rawScores(state, device.ts()[i], device.rows().get(i), raw)) {
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

    private record Split(List<DeviceRows> training, List<DeviceRows> heldOut) {}

    /** A device's rows in time order and their timestamps. */
    private record DeviceRows(long[] ts, List<double[]> rows) {
        DeviceRows part(int from, int to) {
            return new DeviceRows(java.util.Arrays.copyOfRange(ts, from, to), rows.subList(from, to));
        }
    }

    /**
     * Every fifth device is held out for calibration when there are at least five devices;
     * otherwise each device's last part is held out.
     */
    private Split split(TrainingData data) {
        List<DeviceRows> training = new ArrayList<>();
        List<DeviceRows> heldOut = new ArrayList<>();
        List<DeviceRows> devices = new ArrayList<>();
        data.rowsByDevice().forEach((device, rows) -> devices.add(new DeviceRows(
                data.timesByDevice().get(device).stream().mapToLong(Long::longValue).toArray(), rows)));
        if (devices.size() >= 5) {
            for (int i = 0; i < devices.size(); i++) {
                (i % 5 == 4 ? heldOut : training).add(devices.get(i));
            }
        } else {
            for (DeviceRows rows : devices) {
                int cut = (int) Math.round(rows.rows().size() * (1 - settings.heldOutFraction()));
                training.add(rows.part(0, cut));
                heldOut.add(rows.part(cut, rows.rows().size()));
            }
        }
        return new Split(training, heldOut);
    }
}
