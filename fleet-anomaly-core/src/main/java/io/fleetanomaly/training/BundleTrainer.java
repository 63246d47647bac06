package io.fleetanomaly.training;

import io.fleetanomaly.bundle.MahalanobisMode;
import io.fleetanomaly.bundle.MahalanobisSettings;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.detectors.calibration.ScoreCalibration;
import io.fleetanomaly.detectors.iforest.IsolationForest;
import io.fleetanomaly.detectors.iforest.IsolationForestTrainer;
import io.fleetanomaly.detectors.mahalanobis.MahalanobisModel;
import io.fleetanomaly.detectors.mahalanobis.PcaMonitor;
import io.fleetanomaly.detectors.mahalanobis.Shrinkage;
import io.fleetanomaly.features.FeatureScaler;
import io.fleetanomaly.features.WeeklyPrior;
import io.fleetanomaly.features.PlausibleRanges;
import io.fleetanomaly.scoring.DeviceScorer;
import io.fleetanomaly.scoring.DeviceWindow;
import io.fleetanomaly.scoring.InMemoryDeviceState;
import io.fleetanomaly.state.DeviceWindowState;
import java.util.ArrayList;
import org.apache.commons.math3.stat.descriptive.moment.Mean;
import org.apache.commons.math3.stat.descriptive.moment.Variance;
import java.util.List;
import java.util.Map;

/**
 * Fits a model bundle to normal data: the scaler, the Isolation Forest (on window features), the
 * fleet Mahalanobis model, and the calibration of each detector's scores on held-out data. Window
 * features and raw scores are computed by the same {@link DeviceWindow} and {@link DeviceScorer}
 * the job runs.
 *
 * <p>Held out: every fifth device when there are at least five (each scored from its first event,
 * after its own warm-up, like a new device); with fewer devices, the last
 * {@link TrainingSettings#heldOutFraction()} of each device's rows, scored after the scorer has
 * seen the device's earlier rows, so the tail's scores need no warm-up of their own (the window and
 * the device-mode baseline come from the rows before it, as they would for a live device). A
 * history too short for either is refused with the number of rows it would need.
 */
public final class BundleTrainer {
    /** With at least this many devices, every fifth is held out whole; with fewer, each device's tail. */
    static final int MIN_DEVICES_TO_HOLD_OUT = 5;
    /** Scores a calibration needs ({@link ScoreCalibration#fit}). */
    static final int MIN_CALIBRATION_SCORES = 20;

    private final TrainingSettings settings;

    public BundleTrainer(TrainingSettings settings) {
        this.settings = settings;
    }

    public ModelBundle train(TrainingData data) {
        List<String> features = data.features();
        Split split = split(data);
        requireEnoughHistory(data, split);
        FeatureScaler scaler = FeatureScaler.fit(data.allRows());
        MahalanobisSettings mahalanobis = settings.mahalanobis();
        boolean deviceScaled = mahalanobis.deviceScaledInputs();
        if (deviceScaled && mahalanobis.seasonPeriodMs() > 0 && data.timesByDevice().values().stream()
                .anyMatch(times -> times.contains(TrainingData.UNKNOWN_TIME))) {
            throw new IllegalArgumentException("a device season needs timestamps: the training data has rows without a time");
        }
        if (settings.deviceWeeklyPrior()) {
            mahalanobis = mahalanobis.withWeeklyPrior(weeklyPrior(data, scaler, mahalanobis));
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
        if (settings.pca()) {
            if (mahalanobis.mode() != MahalanobisMode.FLEET) {
                throw new IllegalArgumentException("the PCA monitor (T² and SPE) runs in fleet mode only");
            }
            PcaMonitor subspace = PcaMonitor.subspaceOf(fleetMahalanobis);
            PcaMonitor monitor = subspace.calibrated(
                    pcaMoments(subspace, split.heldOut(), scaler, mahalanobis.deviceSmoothingEvents()));
            if (settings.pcaEwmaAlpha() > 0) {
                monitor = withEwma(monitor, settings.pcaEwmaAlpha(), split.heldOut(), scaler);
            }
            if (settings.pcaCentredEvents() > 0) {
                monitor = withCentredSpe(monitor, settings.pcaCentredEvents(), split.heldOut(), scaler,
                        mahalanobis.deviceSmoothingEvents());
            }
            fleetMahalanobis = fleetMahalanobis.withPca(monitor);
        }
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
                .isolationForest(forest, calibration("iforest", (deviceScaled ? deviceRaw : fleetRaw)[DeviceScorer.IFOREST_INDEX]),
                        settings.isolationForestWeight())
                .mahalanobis(fleetMahalanobis, mahalanobis,
                        calibration("mahalanobis", fleetRaw[DeviceScorer.MAHALANOBIS_INDEX]),
                        calibration("mahalanobis device-mode", deviceRaw[DeviceScorer.MAHALANOBIS_INDEX]),
                        settings.mahalanobisWeight())
                .alertSettings(settings.alertSettings())
                .plausibleRanges(PlausibleRanges.fit(data.allRows(), features.size()))
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

    /**
     * Mean and variance of T² and SPE of the readings and of the smoothed readings (the mean of the
     * last {@code smoothingEvents}) of normal devices, the moments {@link PcaMonitor} calibrates with.
     */
    private double[][] pcaMoments(PcaMonitor subspace, List<HeldOut> devices, FeatureScaler scaler,
            int smoothingEvents) {
        int smoothing = Math.max(1, Math.min(smoothingEvents, settings.window()));
        int statistics = PcaMonitor.Statistic.values().length;
        Variance[] variances = new Variance[statistics];
        Mean[] means = new Mean[statistics];
        for (int s = 0; s < statistics; s++) {
            variances[s] = new Variance();
            means[s] = new Mean();
        }
        DeviceWindow window = new DeviceWindow(scaler, settings.window());
        double[] smoothed = new double[scaler.dimensions()];
        for (HeldOut held : devices) {
            DeviceWindowState state = window.newState();
            List<double[]> rows = held.device().rows();
            for (int i = 0; i < rows.size(); i++) {
                window.advance(state, rows.get(i));
                if (i < held.scoredFrom()) {
                    continue;
                }
                add(subspace.statistics(window.reading()), 0, means, variances);
                if (smoothing > 1 && window.smoothedReading(state, smoothing, smoothed)) {
                    add(subspace.statistics(smoothed), 2, means, variances);
                }
            }
        }
        double[][] moments = new double[statistics][];
        for (int s = 0; s < statistics; s++) {
            if (means[s].getN() < 2) {
                // no smoothing: the smoothed statistics are never scored; the reading's stand in
                moments[s] = moments[s - 2].clone();
            } else {
                moments[s] = new double[] {means[s].getResult(), variances[s].getResult()};
            }
        }
        return moments;
    }

    /**
     * The EWMA chart on the principal scores, fitted on the held-out normal devices as the job runs it:
     * each device's EWMA starts at 0 with its first scored reading; its covariance and the moments of
     * T²ₑ are taken over the readings after a burn-in of 3/α (where the EWMA has forgotten its start).
     */
    private PcaMonitor withEwma(PcaMonitor monitor, double alpha, List<HeldOut> devices, FeatureScaler scaler) {
        int burnIn = (int) Math.ceil(3.0 / alpha);
        int k = monitor.components();
        List<double[]> settled = new ArrayList<>();
        DeviceWindow window = new DeviceWindow(scaler, settings.window());
        for (HeldOut held : devices) {
            DeviceWindowState state = window.newState();
            double[] ewma = new double[k];
            List<double[]> rows = held.device().rows();
            int scored = 0;
            for (int i = 0; i < rows.size(); i++) {
                window.advance(state, rows.get(i));
                if (!window.isFull(state)) {
                    continue;
                }
                monitor.advanceEwma(window.reading(), alpha, ewma); // from the first scored reading, as the job
                if (++scored > burnIn && i >= held.scoredFrom()) {
                    settled.add(ewma.clone());
                }
            }
        }
        if (settled.size() < 10 * k) {
            throw new IllegalArgumentException("the PCA monitor's EWMA chart (alpha " + alpha + ") needs held-out devices"
                    + " longer than its burn-in of " + burnIn + " scored readings: got " + settled.size()
                    + " readings after it");
        }
        double[][] covariance = new org.apache.commons.math3.stat.correlation.Covariance(
                settled.toArray(new double[0][]), false).getCovarianceMatrix().getData();
        PcaMonitor charted = monitor.withEwma(alpha, covariance, new double[] {1.0, 2.0});
        Mean mean = new Mean();
        Variance variance = new Variance();
        for (double[] ewma : settled) {
            double t2 = charted.ewmaStatistic(ewma);
            mean.increment(t2);
            variance.increment(t2);
        }
        return monitor.withEwma(alpha, covariance, new double[] {mean.getResult(), variance.getResult()});
    }

    /**
     * The device-centred SPE, fitted on the held-out normal devices as the job runs it: each device's
     * first {@code events} smoothed readings (from its first scored one) make its centre, the moments
     * of Q꜀ are taken over the scored readings after.
     */
    private PcaMonitor withCentredSpe(PcaMonitor monitor, int events, List<HeldOut> devices, FeatureScaler scaler,
            int smoothingEvents) {
        int smoothing = Math.max(1, Math.min(smoothingEvents, settings.window()));
        if (smoothing < 2) {
            throw new IllegalArgumentException("the device-centred SPE scores smoothed readings: it needs"
                    + " device_smoothing_events >= 2, got " + smoothingEvents);
        }
        PcaMonitor.Scratch scratch = monitor.newScratch();
        Mean mean = new Mean();
        Variance variance = new Variance();
        DeviceWindow window = new DeviceWindow(scaler, settings.window());
        double[] smoothed = new double[scaler.dimensions()];
        for (HeldOut held : devices) {
            DeviceWindowState state = window.newState();
            double[] centre = new double[scaler.dimensions()];
            int count = 0;
            List<double[]> rows = held.device().rows();
            for (int i = 0; i < rows.size(); i++) {
                window.advance(state, rows.get(i));
                if (!window.isFull(state) || !window.smoothedReading(state, smoothing, smoothed)) {
                    continue;
                }
                if (count < events) {
                    monitor.addToCentre(smoothed, centre, count++, scratch);
                } else if (i >= held.scoredFrom()) {
                    double q = monitor.centredStatistic(smoothed, centre, scratch);
                    mean.increment(q);
                    variance.increment(q);
                }
            }
        }
        if (mean.getN() < 100) {
            throw new IllegalArgumentException("the PCA monitor's device-centred SPE (a centre of " + events
                    + " readings) needs longer held-out devices: got " + mean.getN() + " readings after the centres");
        }
        return monitor.withCentredSpe(events, new double[] {mean.getResult(), variance.getResult()});
    }

    private static void add(double[] t2AndSpe, int first, Mean[] means, Variance[] variances) {
        for (int i = 0; i < 2; i++) {
            means[first + i].increment(t2AndSpe[i]);
            variances[first + i].increment(t2AndSpe[i]);
        }
    }

    private static ScoreCalibration calibration(String detector, double[] heldOutScores) {
        try {
            return ScoreCalibration.fit(heldOutScores);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot calibrate " + detector + " on the held-out data: " + e.getMessage(), e);
        }
    }

    /** Raw scores of every warm held-out event, per detector. */
    private static double[][] rawScores(List<HeldOut> devices, DeviceScorer scorer) {
        List<double[]> scores = new ArrayList<>();
        double[] raw = new double[2];
        for (HeldOut held : devices) {
            DeviceRows device = held.device();
            InMemoryDeviceState state = scorer.newDevice();
            for (int i = 0; i < device.rows().size(); i++) {
                if (scorer.rawScores(state, device.ts()[i], device.rows().get(i), raw) && i >= held.scoredFrom()) {
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

    /**
     * The fleet's weekly gains, learned from every training device's fleet-scaled readings (each
     * against its own one-day season from its warm-up, as the job will fit it).
     */
    private static WeeklyPrior weeklyPrior(TrainingData data, FeatureScaler scaler, MahalanobisSettings mahalanobis) {
        int f = scaler.dimensions();
        double[] zero = new double[f];
        for (int j = 0; j < f; j++) {
            zero[j] = scaler.scale(j, 0.0);
        }
        List<long[]> ts = new ArrayList<>();
        List<double[][]> rows = new ArrayList<>();
        data.rowsByDevice().forEach((device, raw) -> {
            ts.add(data.timesByDevice().get(device).stream().mapToLong(Long::longValue).toArray());
            double[][] scaled = new double[raw.size()][f];
            for (int i = 0; i < raw.size(); i++) {
                for (int j = 0; j < f; j++) {
                    double x = raw.get(i)[j];
                    scaled[i][j] = Double.isNaN(x) ? Double.NaN : scaler.scale(j, x);
                }
            }
            rows.add(scaled);
        });
        return WeeklyPrior.learn(ts, rows, zero, mahalanobis.deviceWarmupEvents(), mahalanobis.seasonPeriodMs(),
                mahalanobis.seasonHarmonics());
    }

    /** A held-out device: its rows are scored in order, and the scores from {@code scoredFrom} on calibrate. */
    private record HeldOut(DeviceRows device, int scoredFrom) {}

    private record Split(List<DeviceRows> training, List<HeldOut> heldOut) {}

    /** A device's rows in time order and their timestamps. */
    private record DeviceRows(long[] ts, List<double[]> rows) {
        DeviceRows part(int from, int to) {
            return new DeviceRows(java.util.Arrays.copyOfRange(ts, from, to), rows.subList(from, to));
        }
    }

    /**
     * Every fifth device is held out for calibration when there are at least five devices;
     * otherwise each device's last part is held out, scored after the device's earlier rows.
     */
    private Split split(TrainingData data) {
        List<DeviceRows> training = new ArrayList<>();
        List<HeldOut> heldOut = new ArrayList<>();
        List<DeviceRows> devices = new ArrayList<>();
        data.rowsByDevice().forEach((device, rows) -> devices.add(new DeviceRows(
                data.timesByDevice().get(device).stream().mapToLong(Long::longValue).toArray(), rows)));
        if (devices.size() >= MIN_DEVICES_TO_HOLD_OUT) {
            for (int i = 0; i < devices.size(); i++) {
                if (i % MIN_DEVICES_TO_HOLD_OUT == MIN_DEVICES_TO_HOLD_OUT - 1) {
                    heldOut.add(new HeldOut(devices.get(i), 0));
                } else {
                    training.add(devices.get(i));
                }
            }
        } else {
            for (DeviceRows rows : devices) {
                int cut = trainingRows(rows.rows().size());
                training.add(rows.part(0, cut));
                heldOut.add(new HeldOut(rows, cut));
            }
        }
        return new Split(training, heldOut);
    }

    /** With fewer than five devices: how many of a device's first rows train (the rest calibrate). */
    private int trainingRows(int rows) {
        return (int) Math.round(rows * (1 - settings.heldOutFraction()));
    }

    /**
     * The Isolation Forest needs {@code 2 W} full windows to fit on and each calibration
     * {@link #MIN_CALIBRATION_SCORES} scores; a history short of either is an error that says how
     * many rows one device would need, here and with half the window.
     */
    private void requireEnoughHistory(TrainingData data, Split split) {
        int window = settings.window();
        long windows = 0;
        for (DeviceRows rows : split.training()) {
            windows += Math.max(0, rows.rows().size() - window + 1);
        }
        int firstScored = firstScoredIndex(window);
        long scores = 0;
        for (HeldOut held : split.heldOut()) {
            scores += Math.max(0, held.device().rows().size() - Math.max(held.scoredFrom(), firstScored));
        }
        if (windows >= 2L * window && scores >= MIN_CALIBRATION_SCORES) {
            return;
        }
        int devices = data.rowsByDevice().size();
        StringBuilder message = new StringBuilder("not enough normal data to train: ")
                .append(devices).append(devices == 1 ? " device with " : " devices with ")
                .append(data.rowCount()).append(" rows. ");
        message.append("The Isolation Forest needs at least ").append(2 * window).append(" full windows of ")
                .append(window).append(" readings to fit on (got ").append(windows).append(") and each calibration ")
                .append(MIN_CALIBRATION_SCORES).append(" scores of held-out data (got ").append(scores).append("). ");
        if (devices >= MIN_DEVICES_TO_HOLD_OUT) {
            message.append("Every fifth device is held out and scored after its warm-up of ").append(firstScored)
                    .append(" events, so each needs more than that many rows. ");
        } else {
            message.append("With fewer than ").append(MIN_DEVICES_TO_HOLD_OUT).append(" devices the first ")
                    .append(Math.round(100 * (1 - settings.heldOutFraction()))).append("% of each device's rows train and the last ")
                    .append(Math.round(100 * settings.heldOutFraction())).append("% calibrate, so one device needs at least ")
                    .append(minimumRowsOfOneDevice(window)).append(" rows. ");
        }
        message.append("Give more rows of normal data, or a smaller --window (one device with --window ")
                .append(Math.max(2, window / 2)).append(" needs ").append(minimumRowsOfOneDevice(Math.max(2, window / 2)))
                .append(" rows).");
        throw new IllegalArgumentException(message.toString());
    }

    /** Index of a device's first scored row: after its window and, in device mode, its warm-up. */
    private int firstScoredIndex(int window) {
        return Math.max(window, settings.mahalanobis().deviceWarmupEvents()) - 1;
    }

    /** The fewest rows one device needs to train and calibrate with the given window. */
    int minimumRowsOfOneDevice(int window) {
        for (int rows = 1; ; rows++) {
            int cut = trainingRows(rows);
            int scores = rows - Math.max(cut, firstScoredIndex(window));
            if (cut - window + 1 >= 2 * window && scores >= MIN_CALIBRATION_SCORES) {
                return rows;
            }
        }
    }
}
