package io.fleetanomaly.scoring;

import io.fleetanomaly.bundle.MahalanobisMode;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.detectors.calibration.ScoreCalibration;
import io.fleetanomaly.detectors.iforest.IsolationForest;
import io.fleetanomaly.detectors.mahalanobis.MahalanobisModel;
import io.fleetanomaly.detectors.mahalanobis.RunningMoments;
import io.fleetanomaly.events.ScoredEvent;
import io.fleetanomaly.events.SensorEvent;
import java.util.Arrays;

/**
 * Per-device scoring, free of Flink so the streaming operator, training and evaluation share one
 * implementation. For each event it scales and imputes the reading, updates the device's window,
 * and, once warm, scores it with the Isolation Forest and Mahalanobis detectors, calibrates and
 * fuses the scores, and attributes the anomaly to sensors.
 *
 * <p>Not thread-safe: holds scratch buffers, one instance per operator instance.
 */
public final class DeviceScorer {
    public static final int IFOREST_INDEX = 0;
    public static final int MAHALANOBIS_INDEX = 1;

    private final ModelBundle bundle;
    private final int features;
    private final int window;
    private final FeatureScaler scaler;
    private final IsolationForest forest;
    private final MahalanobisModel fleetMahalanobis;
    private final MahalanobisMode mahalanobisMode;
    private final int deviceWarmupEvents;
    private final double deviceShrinkage;
    private final ScoreCalibration forestCalibration;
    private final ScoreCalibration mahalanobisCalibration;
    private final double[] weights;
    private final int warmupEvents;

    private final double[] reading;
    private final double[] forestInput;
    private final double[] forestAttribution;
    private final double[] mahalanobisContributions;
    private final double[] mahalanobisScratch;

    public DeviceScorer(ModelBundle bundle) {
        this.bundle = bundle;
        this.features = bundle.featureCount();
        this.window = bundle.window();
        this.scaler = bundle.scaler();
        this.forest = bundle.isolationForest();
        this.fleetMahalanobis = bundle.fleetMahalanobis();
        this.mahalanobisMode = bundle.mahalanobisSettings().mode();
        this.deviceWarmupEvents = bundle.mahalanobisSettings().deviceWarmupEvents();
        this.deviceShrinkage = bundle.mahalanobisSettings().deviceShrinkage();
        this.forestCalibration = bundle.isolationForestCalibration();
        this.mahalanobisCalibration = bundle.mahalanobisCalibration();
        this.weights = bundle.detectorWeights();
        this.warmupEvents = bundle.warmupEvents();
        this.reading = new double[features];
        this.forestInput = new double[WindowFeatures.dimensions(features)];
        this.forestAttribution = new double[forestInput.length];
        this.mahalanobisContributions = new double[features];
        this.mahalanobisScratch = new double[features];
    }

    public ModelBundle bundle() {
        return bundle;
    }

    public static DeviceWindowState newState(int features, int window) {
        DeviceWindowState state = new DeviceWindowState();
        state.ring = new double[window * features];
        state.lastValues = new double[features];
        Arrays.fill(state.lastValues, Double.NaN);
        state.previous = new double[features];
        return state;
    }

    public DeviceWindowState newState() {
        return newState(features, window);
    }

    /** Updates the device's state with the event and scores it (or marks it as warming up). */
    public ScoredEvent score(DeviceWindowState state, SensorEvent event) {
        ScoredEvent scored = new ScoredEvent();
        scored.deviceId = event.deviceId;
        scored.ts = event.ts;
        scored.label = event.label;
        scored.anomalyType = event.anomalyType;
        scored.imputedMask = advance(state, event.values);
        if (!isWarm(state)) {
            scored.warmingUp = true;
            return scored;
        }
        double forestRaw = forest.score(forestInput, forestAttribution);
        double mahalanobisRaw = mahalanobisDistance(state);

        double[] calibrated = {
            forestCalibration.calibrate(forestRaw), mahalanobisCalibration.calibrate(mahalanobisRaw)
        };
        scored.detectorScores = calibrated;
        scored.fusedScore = weights[IFOREST_INDEX] * calibrated[IFOREST_INDEX]
                + weights[MAHALANOBIS_INDEX] * calibrated[MAHALANOBIS_INDEX];
        scored.sensorContributions = sensorContributions(calibrated);
        return scored;
    }

    /**
     * Updates the device's state with the event and writes the raw (uncalibrated) detector scores
     * to {@code rawOut}; returns false while the device is warming up. Training uses this to fit
     * calibrations with exactly the code that scores in production.
     */
    public boolean rawScores(DeviceWindowState state, double[] values, double[] rawOut) {
        advance(state, values);
        if (!isWarm(state)) {
            return false;
        }
        rawOut[IFOREST_INDEX] = forest.score(forestInput, forestAttribution);
        rawOut[MAHALANOBIS_INDEX] = mahalanobisDistance(state);
        return true;
    }

    /**
     * Scales and imputes the reading, pushes it into the window, learns the device model in device
     * mode, and prepares the Isolation Forest input. Returns the imputed-sensor bit mask.
     */
    long advance(DeviceWindowState state, double[] values) {
        long imputed = 0L;
        for (int j = 0; j < features; j++) {
            double v = values[j];
            if (Double.isNaN(v)) {
                imputed |= 1L << j;
                double last = state.lastValues[j];
                reading[j] = Double.isNaN(last) ? 0.0 : last;
            } else {
                reading[j] = scaler.scale(j, v);
            }
        }
        boolean first = state.eventCount == 0;
        for (int j = 0; j < features; j++) {
            state.previous[j] = first ? reading[j] : state.lastValues[j];
            state.lastValues[j] = reading[j];
        }
        System.arraycopy(reading, 0, state.ring, state.ringHead * features, features);
        state.ringHead = (state.ringHead + 1) % window;
        state.ringSize = Math.min(window, state.ringSize + 1);
        state.eventCount++;

        if (mahalanobisMode == MahalanobisMode.DEVICE && state.deviceMean == null) {
            learnDeviceModel(state);
        }
        if (state.ringSize == window) {
            WindowFeatures.compute(state.ring, window, features, reading, state.previous, forestInput);
        }
        return imputed;
    }

    private boolean isWarm(DeviceWindowState state) {
        return state.eventCount >= warmupEvents
                && state.ringSize == window
                && (mahalanobisMode == MahalanobisMode.FLEET || state.deviceMean != null);
    }

    private void learnDeviceModel(DeviceWindowState state) {
        if (state.deviceMoments == null) {
            state.deviceMoments = RunningMoments.create(features);
        }
        state.deviceMoments.add(reading);
        if (state.deviceMoments.count >= deviceWarmupEvents) {
            MahalanobisModel model = state.deviceMoments.toModel(deviceShrinkage);
            state.deviceMean = model.mean();
            state.deviceCholesky = model.lowerCholesky();
            state.deviceMoments = null;
        }
    }

    private double mahalanobisDistance(DeviceWindowState state) {
        if (mahalanobisMode == MahalanobisMode.DEVICE) {
            return MahalanobisModel.distanceSquared(
                    state.deviceMean, state.deviceCholesky, reading, mahalanobisScratch, mahalanobisContributions);
        }
        return fleetMahalanobis.distanceSquared(reading, mahalanobisContributions);
    }

    /**
     * Each detector's attribution (Mahalanobis: positive parts of its d² decomposition; Isolation
     * Forest: its path attribution summed over a sensor's window features), weighted by the
     * detector's fusion weight times its calibrated score, normalised to sum to 1.
     */
    private double[] sensorContributions(double[] calibrated) {
        double[] contributions = new double[features];
        double mahalanobisTotal = 0;
        for (int j = 0; j < features; j++) {
            mahalanobisTotal += Math.max(0, mahalanobisContributions[j]);
        }
        double forestWeight = weights[IFOREST_INDEX] * calibrated[IFOREST_INDEX];
        double mahalanobisWeight = weights[MAHALANOBIS_INDEX] * calibrated[MAHALANOBIS_INDEX];
        double sum = 0;
        for (int j = 0; j < features; j++) {
            double forestShare = WindowFeatures.sensorShare(forestAttribution, features, j);
            double mahalanobisShare = mahalanobisTotal > 0 ? Math.max(0, mahalanobisContributions[j]) / mahalanobisTotal : 0;
            contributions[j] = forestWeight * forestShare + mahalanobisWeight * mahalanobisShare;
            sum += contributions[j];
        }
        if (sum > 0) {
            for (int j = 0; j < features; j++) {
                contributions[j] /= sum;
            }
        }
        return contributions;
    }
}
