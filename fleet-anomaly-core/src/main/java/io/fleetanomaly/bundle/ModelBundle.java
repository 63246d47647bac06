package io.fleetanomaly.bundle;

import io.fleetanomaly.fusion.FusionMethod;
import io.fleetanomaly.fusion.ScoreFusion;
import io.fleetanomaly.detectors.calibration.ScoreCalibration;
import io.fleetanomaly.detectors.iforest.IsolationForest;
import io.fleetanomaly.detectors.mahalanobis.MahalanobisModel;
import io.fleetanomaly.alerting.AlertSettings;
import io.fleetanomaly.features.FeatureScaler;
import io.fleetanomaly.features.PlausibleRanges;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A loaded, validated model bundle: everything the job needs to score and alert. Serializable so
 * Flink ships it to the operators with the job graph. Detectors, in the order of
 * {@code ScoredEvent.detectorScores}: {@code iforest}, {@code mahalanobis}, and {@code lstm_ae} when
 * the bundle has one and it is enabled.
 */
public final class ModelBundle implements Serializable {
    private static final long serialVersionUID = 2L;

    public static final String IFOREST = "iforest";
    public static final String MAHALANOBIS = "mahalanobis";
    public static final String LSTM_AE = "lstm_ae";

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
    private final LstmDetector lstm;
    /** Raw (unnormalised) fusion weight per detector present. */
    private final LinkedHashMap<String, Double> weights;
    private final AlertSettings alertSettings;
    private final FusionMethod fusionMethod;
    /** Per feature, the plausible range of a reading (clamped outside); null for a bundle written before they existed. */
    private final PlausibleRanges plausibleRanges;
    /** SHA-256 of each detector file, from the manifest of a loaded bundle; computed for one built in memory. */
    private final LinkedHashMap<String, String> detectorChecksums;
    private transient volatile BundleIdentity identity;

    private ModelBundle(Builder b) {
        this.version = b.version;
        this.features = List.copyOf(b.features);
        this.window = b.window;
        this.scaler = b.scaler;
        this.isolationForest = b.isolationForest;
        this.isolationForestCalibration = b.isolationForestCalibration;
        this.fleetMahalanobis = b.fleetMahalanobis;
        this.mahalanobisSettings = b.mahalanobisSettings;
        this.fleetMahalanobisCalibration = b.fleetMahalanobisCalibration;
        this.deviceMahalanobisCalibration = b.deviceMahalanobisCalibration;
        this.lstm = b.lstm;
        this.weights = new LinkedHashMap<>();
        weights.put(IFOREST, b.isolationForestWeight);
        weights.put(MAHALANOBIS, b.mahalanobisWeight);
        if (lstm != null) {
            weights.put(LSTM_AE, b.lstmWeight);
        }
        double sum = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        for (Map.Entry<String, Double> w : weights.entrySet()) {
            if (!(w.getValue() >= 0) || !Double.isFinite(w.getValue())) {
                throw new IllegalArgumentException(w.getKey() + " weight must be a finite number >= 0, got " + w.getValue());
            }
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException("detector weights must not all be zero");
        }
        this.alertSettings = b.alertSettings;
        this.fusionMethod = java.util.Objects.requireNonNull(b.fusionMethod, "fusion method");
        if (b.plausibleRanges != null && b.plausibleRanges.features() != features.size()) {
            throw new IllegalArgumentException("plausible ranges cover " + b.plausibleRanges.features()
                    + " features but the bundle has " + features.size());
        }
        this.plausibleRanges = b.plausibleRanges;
        this.detectorChecksums = new LinkedHashMap<>(b.detectorChecksums);
    }

    public static Builder builder() {
        return new Builder();
    }

    private Builder toBuilder() {
        Builder b = new Builder();
        b.version = version;
        b.features = features;
        b.window = window;
        b.scaler = scaler;
        b.isolationForest = isolationForest;
        b.isolationForestCalibration = isolationForestCalibration;
        b.isolationForestWeight = weights.get(IFOREST);
        b.fleetMahalanobis = fleetMahalanobis;
        b.mahalanobisSettings = mahalanobisSettings;
        b.fleetMahalanobisCalibration = fleetMahalanobisCalibration;
        b.deviceMahalanobisCalibration = deviceMahalanobisCalibration;
        b.mahalanobisWeight = weights.get(MAHALANOBIS);
        b.lstm = lstm;
        b.lstmWeight = weights.getOrDefault(LSTM_AE, 1.0);
        b.alertSettings = alertSettings;
        b.plausibleRanges = plausibleRanges;
        b.fusionMethod = fusionMethod;
        b.detectorChecksums.putAll(detectorChecksums);
        return b;
    }

    public String version() {
        return version;
    }

    /** Which model this is, for keyed state: version and content hash (see {@link BundleIdentity}). */
    public BundleIdentity identity() {
        BundleIdentity id = identity;
        if (id == null) {
            id = BundleIdentity.of(this);
            identity = id;
        }
        return id;
    }

    /** SHA-256 of a detector's file: the manifest's for a loaded bundle, else of the bytes the bundle writer would write. */
    public String detectorChecksum(String detector) {
        String known = detectorChecksums.get(detector);
        return known != null ? known : BundleIdentity.computedChecksum(this, detector);
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

    /** The LSTM autoencoder, or null when the bundle has none or it is disabled. */
    public LstmDetector lstm() {
        return lstm;
    }

    public boolean hasLstm() {
        return lstm != null;
    }

    /** Detector names in the order of {@code ScoredEvent.detectorScores}. */
    public String[] detectorNames() {
        return weights.keySet().toArray(new String[0]);
    }

    public int detectorIndex(String name) {
        List<String> names = new ArrayList<>(weights.keySet());
        int index = names.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("bundle " + version + " has no detector " + name);
        }
        return index;
    }

    /** Fusion weights, index-aligned with {@link #detectorNames()}, normalised to sum to 1. */
    public double[] detectorWeights() {
        double sum = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        return weights.values().stream().mapToDouble(w -> w / sum).toArray();
    }

    public AlertSettings alertSettings() {
        return alertSettings;
    }

    /**
     * Per feature, the range of plausible readings (readings outside are clamped, and left out of a
     * device-mode warm-up); null when the bundle has none (written before they existed). Not part
     * of the bundle's identity: it changes nothing for readings a device reports in operation.
     */
    public PlausibleRanges plausibleRanges() {
        return plausibleRanges;
    }

    /** How the detectors' calibrated scores are fused. */
    public FusionMethod fusionMethod() {
        return fusionMethod;
    }

    /** The fusion of this bundle's detectors: its weights and method. */
    public ScoreFusion fusion() {
        return new ScoreFusion(detectorWeights(), fusionMethod);
    }

    /** A copy that fuses with another method. */
    public ModelBundle withFusionMethod(FusionMethod method) {
        Builder b = toBuilder();
        b.fusionMethod = method;
        return b.build();
    }

    /** A copy with other fusion weights for the detectors named (others keep theirs). */
    public ModelBundle withWeights(Map<String, Double> newWeights) {
        Builder b = toBuilder();
        for (Map.Entry<String, Double> w : newWeights.entrySet()) {
            switch (w.getKey()) {
                case IFOREST -> b.isolationForestWeight = w.getValue();
                case MAHALANOBIS -> b.mahalanobisWeight = w.getValue();
                case LSTM_AE -> {
                    if (lstm == null) {
                        throw new IllegalArgumentException("bundle " + version + " has no " + LSTM_AE + " detector to weight");
                    }
                    b.lstmWeight = w.getValue();
                }
                default -> throw new IllegalArgumentException("unknown detector '" + w.getKey() + "' (known: "
                        + String.join(", ", weights.keySet()) + ")");
            }
        }
        return b.build();
    }

    /** @throws IllegalArgumentException fleet mode for a bundle whose detectors were trained on device-scaled inputs */
    public ModelBundle withMahalanobisSettings(MahalanobisSettings settings) {
        if (settings.deviceScaledInputs() && settings.mode() == MahalanobisMode.FLEET) {
            throw new IllegalArgumentException("bundle " + version + " was trained on device-scaled inputs (its Isolation"
                    + " Forest and LSTM expect each device on its own scale): it runs in device mode only, not fleet mode");
        }
        Builder b = toBuilder();
        b.mahalanobisSettings = settings;
        return b.build();
    }

    public ModelBundle withAlertSettings(AlertSettings settings) {
        Builder b = toBuilder();
        b.alertSettings = settings;
        return b.build();
    }

    /** A copy with another version string (shown in every alert), e.g. after tuning. */
    public ModelBundle withVersion(String newVersion) {
        if (newVersion == null || newVersion.isBlank()) {
            throw new IllegalArgumentException("bundle version must not be blank");
        }
        Builder b = toBuilder();
        b.version = newVersion;
        return b.build();
    }

    /** A copy with other plausible ranges (null: none, as in a bundle written before they existed). */
    public ModelBundle withPlausibleRanges(PlausibleRanges ranges) {
        Builder b = toBuilder();
        b.plausibleRanges = ranges;
        return b.build();
    }

    /** A copy that scores with the native detectors only. */
    public ModelBundle withoutLstm() {
        Builder b = toBuilder();
        b.lstm = null;
        return b.build();
    }

    public static final class Builder {
        private String version;
        private List<String> features;
        private int window;
        private FeatureScaler scaler;
        private IsolationForest isolationForest;
        private ScoreCalibration isolationForestCalibration;
        private double isolationForestWeight = 1.0;
        private MahalanobisModel fleetMahalanobis;
        private MahalanobisSettings mahalanobisSettings;
        private ScoreCalibration fleetMahalanobisCalibration;
        private ScoreCalibration deviceMahalanobisCalibration;
        private double mahalanobisWeight = 1.0;
        private LstmDetector lstm;
        private double lstmWeight = 1.0;
        private AlertSettings alertSettings = AlertSettings.defaults();
        private FusionMethod fusionMethod = FusionMethod.WEIGHTED_MEAN;
        private PlausibleRanges plausibleRanges;
        private final LinkedHashMap<String, String> detectorChecksums = new LinkedHashMap<>();

        private Builder() {}

        /** See {@link ModelBundle#plausibleRanges()}; null = none. */
        public Builder plausibleRanges(PlausibleRanges ranges) {
            this.plausibleRanges = ranges;
            return this;
        }

        public Builder fusionMethod(FusionMethod method) {
            this.fusionMethod = method;
            return this;
        }

        public Builder version(String version) {
            this.version = version;
            return this;
        }

        public Builder features(List<String> features, int window, FeatureScaler scaler) {
            this.features = features;
            this.window = window;
            this.scaler = scaler;
            return this;
        }

        public Builder isolationForest(IsolationForest forest, ScoreCalibration calibration, double weight) {
            this.isolationForest = forest;
            this.isolationForestCalibration = calibration;
            this.isolationForestWeight = weight;
            return this;
        }

        public Builder mahalanobis(
                MahalanobisModel fleetModel,
                MahalanobisSettings settings,
                ScoreCalibration fleetCalibration,
                ScoreCalibration deviceCalibration,
                double weight) {
            this.fleetMahalanobis = fleetModel;
            this.mahalanobisSettings = settings;
            this.fleetMahalanobisCalibration = fleetCalibration;
            this.deviceMahalanobisCalibration = deviceCalibration;
            this.mahalanobisWeight = weight;
            return this;
        }

        public Builder lstm(LstmDetector lstm, double weight) {
            this.lstm = lstm;
            this.lstmWeight = weight;
            return this;
        }

        /** The checksum of a detector's file as the manifest states it (a loaded bundle). */
        public Builder detectorChecksum(String detector, String sha256) {
            detectorChecksums.put(detector, sha256);
            return this;
        }

        public Builder alertSettings(AlertSettings alertSettings) {
            this.alertSettings = alertSettings;
            return this;
        }

        public ModelBundle build() {
            return new ModelBundle(this);
        }
    }
}
