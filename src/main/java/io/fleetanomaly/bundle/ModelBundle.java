package io.fleetanomaly.bundle;

import io.fleetanomaly.detectors.calibration.ScoreCalibration;
import io.fleetanomaly.detectors.iforest.IsolationForest;
import io.fleetanomaly.detectors.mahalanobis.MahalanobisModel;
import io.fleetanomaly.job.alerting.AlertSettings;
import io.fleetanomaly.scoring.FeatureScaler;
import java.io.Serializable;
import java.util.List;

/**
 * A loaded, validated model bundle: everything the job needs to score and alert. Serializable so
 * Flink ships it to the operators with the job graph.
 */
public final class ModelBundle implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String IFOREST = "iforest";
    public static final String MAHALANOBIS = "mahalanobis";

    private final String version;
    private final List<String> features;
    private final int window;
    private final FeatureScaler scaler;
    private final IsolationForest isolationForest;
    private final ScoreCalibration isolationForestCalibration;
    private final MahalanobisModel fleetMahalanobis;
    private final MahalanobisSettings mahalanobisSettings;
    private final ScoreCalibration fleetMahalanobisCalibration;
    private final ScoreCalibration deviceMahalanobisCalibration;
    private final double isolationForestWeight;
    private final double mahalanobisWeight;
    private final AlertSettings alertSettings;

    public ModelBundle(
            String version,
            List<String> features,
            int window,
            FeatureScaler scaler,
            IsolationForest isolationForest,
            ScoreCalibration isolationForestCalibration,
            double isolationForestWeight,
            MahalanobisModel fleetMahalanobis,
            MahalanobisSettings mahalanobisSettings,
            ScoreCalibration fleetMahalanobisCalibration,
            ScoreCalibration deviceMahalanobisCalibration,
            double mahalanobisWeight,
            AlertSettings alertSettings) {
        this.version = version;
        this.features = List.copyOf(features);
        this.window = window;
        this.scaler = scaler;
        this.isolationForest = isolationForest;
        this.isolationForestCalibration = isolationForestCalibration;
        this.isolationForestWeight = isolationForestWeight;
        this.fleetMahalanobis = fleetMahalanobis;
        this.mahalanobisSettings = mahalanobisSettings;
        this.fleetMahalanobisCalibration = fleetMahalanobisCalibration;
        this.deviceMahalanobisCalibration = deviceMahalanobisCalibration;
        this.mahalanobisWeight = mahalanobisWeight;
        this.alertSettings = alertSettings;
    }

    public String version() {
        return version;
    }

    public List<String> features() {
        return features;
    }

    public int featureCount() {
        return features.size();
    }

    public int window() {
        return window;
    }

    public FeatureScaler scaler() {
        return scaler;
    }

    public IsolationForest isolationForest() {
        return isolationForest;
    }

    public ScoreCalibration isolationForestCalibration() {
        return isolationForestCalibration;
    }

    public MahalanobisModel fleetMahalanobis() {
        return fleetMahalanobis;
    }

    public MahalanobisSettings mahalanobisSettings() {
        return mahalanobisSettings;
    }

    /** Calibration for the Mahalanobis mode in effect. */
    public ScoreCalibration mahalanobisCalibration() {
        return mahalanobisSettings.mode() == MahalanobisMode.DEVICE
                ? deviceMahalanobisCalibration
                : fleetMahalanobisCalibration;
    }

    public ScoreCalibration fleetMahalanobisCalibration() {
        return fleetMahalanobisCalibration;
    }

    public ScoreCalibration deviceMahalanobisCalibration() {
        return deviceMahalanobisCalibration;
    }

    /** Detector names in the order of {@code ScoredEvent.detectorScores}. */
    public String[] detectorNames() {
        return new String[] {IFOREST, MAHALANOBIS};
    }

    /** Fusion weights, index-aligned with {@link #detectorNames()}, normalised to sum to 1. */
    public double[] detectorWeights() {
        double sum = isolationForestWeight + mahalanobisWeight;
        return new double[] {isolationForestWeight / sum, mahalanobisWeight / sum};
    }

    public AlertSettings alertSettings() {
        return alertSettings;
    }

    /** A copy with other fusion weights, Mahalanobis settings or alert settings (configuration overrides). */
    public ModelBundle withOverrides(
            double newIsolationForestWeight,
            double newMahalanobisWeight,
            MahalanobisSettings newMahalanobisSettings,
            AlertSettings newAlertSettings) {
        return new ModelBundle(version, features, window, scaler, isolationForest, isolationForestCalibration,
                newIsolationForestWeight, fleetMahalanobis, newMahalanobisSettings, fleetMahalanobisCalibration,
                deviceMahalanobisCalibration, newMahalanobisWeight, newAlertSettings);
    }
}
