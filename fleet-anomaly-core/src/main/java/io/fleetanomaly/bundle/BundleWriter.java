package io.fleetanomaly.bundle;

import io.fleetanomaly.detectors.mahalanobis.ReadingSpread;
import io.fleetanomaly.fusion.FusionMethod;
import io.fleetanomaly.features.WeeklyPrior;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fleetanomaly.detectors.calibration.ScoreCalibration;
import io.fleetanomaly.detectors.iforest.IsolationForestJson;
import io.fleetanomaly.detectors.mahalanobis.MahalanobisFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.fleetanomaly.format.Sha256;
/** Writes a model bundle directory: the detector files and a manifest with their SHA-256. */
public final class BundleWriter {
    public static final String IFOREST_FILE = "iforest.json";
    public static final String MAHALANOBIS_FILE = "mahalanobis.json";
    public static final String LSTM_FILE = "lstm_ae.onnx";
    /** The name {@code jobs/train-lstm} gives the parity fixture. */
    public static final String LSTM_PARITY_FILE = "lstm_ae_parity.json";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BundleWriter() {}

    /** Writes the bundle to {@code dir} (created if needed) and returns the manifest written. */
    public static BundleManifest write(ModelBundle bundle, Map<String, Object> trainingInfo, String createdAt, Path dir) {
        return write(bundle, trainingInfo, createdAt, dir, null);
    }

    /**
     * Like {@link #write(ModelBundle, Map, String, Path)}, also writing the LSTM autoencoder's parity
     * fixture ({@value #LSTM_PARITY_FILE}, PyTorch's reconstructions of held-out windows) and naming it
     * in the manifest, so {@link BundleLoader#verify} can still compare ONNX Runtime with PyTorch.
     *
     * @param lstmParityFixture the fixture's bytes, or null for none; only with an LSTM autoencoder
     */
    public static BundleManifest write(
            ModelBundle bundle, Map<String, Object> trainingInfo, String createdAt, Path dir, byte[] lstmParityFixture) {
        if (lstmParityFixture != null && !bundle.hasLstm()) {
            throw new IllegalArgumentException("bundle " + bundle.version() + " has no LSTM autoencoder for a parity fixture");
        }
        try {
            Files.createDirectories(dir);
            byte[] forest = IsolationForestJson.toJson(bundle.isolationForest());
            byte[] mahalanobis = MahalanobisFiles.toBytes(bundle.fleetMahalanobis());
            Files.write(dir.resolve(IFOREST_FILE), forest);
            Files.write(dir.resolve(MAHALANOBIS_FILE), mahalanobis);

            BundleManifest manifest = new BundleManifest();
            manifest.format = BundleManifest.FORMAT;
            manifest.formatVersion = BundleManifest.FORMAT_VERSION;
            manifest.version = bundle.version();
            manifest.createdAt = createdAt;
            manifest.features = bundle.features();
            manifest.window = bundle.window();
            manifest.scaler = new BundleManifest.Scaler();
            manifest.scaler.mean = bundle.scaler().mean();
            manifest.scaler.std = bundle.scaler().std();
            if (bundle.plausibleRanges() != null) {
                manifest.plausibleRange = new BundleManifest.PlausibleRange();
                manifest.plausibleRange.low = bundle.plausibleRanges().low();
                manifest.plausibleRange.high = bundle.plausibleRanges().high();
            }
            double[] weights = bundle.detectorWeights();

            BundleManifest.Detector forestSpec = new BundleManifest.Detector();
            forestSpec.file = IFOREST_FILE;
            forestSpec.sha256 = Sha256.hex(forest);
            forestSpec.weight = weights[bundle.detectorIndex(ModelBundle.IFOREST)];
            forestSpec.calibration = calibration(bundle.isolationForestCalibration());

            BundleManifest.Detector mahalanobisSpec = new BundleManifest.Detector();
            mahalanobisSpec.file = MAHALANOBIS_FILE;
            mahalanobisSpec.sha256 = Sha256.hex(mahalanobis);
            mahalanobisSpec.weight = weights[bundle.detectorIndex(ModelBundle.MAHALANOBIS)];
            mahalanobisSpec.mode = bundle.mahalanobisSettings().mode().configName();
            mahalanobisSpec.deviceWarmupEvents = bundle.mahalanobisSettings().deviceWarmupEvents();
            mahalanobisSpec.deviceShrinkage = bundle.mahalanobisSettings().deviceShrinkage();
            mahalanobisSpec.deviceSmoothingEvents = bundle.mahalanobisSettings().deviceSmoothingEvents();
            if (bundle.mahalanobisSettings().deviceScaledInputs()) {
                mahalanobisSpec.deviceScaledInputs = true;
                mahalanobisSpec.deviceSeasonPeriodMs = bundle.mahalanobisSettings().seasonPeriodMs();
                mahalanobisSpec.deviceSeasonHarmonics = bundle.mahalanobisSettings().seasonHarmonics();
                mahalanobisSpec.deviceLevelEvents = bundle.mahalanobisSettings().levelEvents();
                mahalanobisSpec.deviceSpread = bundle.mahalanobisSettings().spread().configName();
                if (bundle.mahalanobisSettings().referenceEvents() > 0) {
                    mahalanobisSpec.deviceReferenceEvents = bundle.mahalanobisSettings().referenceEvents();
                }
                WeeklyPrior prior = bundle.mahalanobisSettings().weeklyPrior();
                if (prior != null) {
                    mahalanobisSpec.deviceWeeklyPrior = new BundleManifest.WeeklyPriorSpec();
                    mahalanobisSpec.deviceWeeklyPrior.binMs = prior.binMs();
                    mahalanobisSpec.deviceWeeklyPrior.zero = prior.zero();
                    double[] gains = prior.gains();
                    int bins = gains.length / prior.sensors();
                    mahalanobisSpec.deviceWeeklyPrior.gains = new double[prior.sensors()][];
                    for (int j = 0; j < prior.sensors(); j++) {
                        mahalanobisSpec.deviceWeeklyPrior.gains[j] = java.util.Arrays.copyOfRange(gains, j * bins, (j + 1) * bins);
                    }
                }
                if (bundle.mahalanobisSettings().missingPeakHold()) {
                    mahalanobisSpec.deviceMissingPeakHold = true;
                }
                if (bundle.mahalanobisSettings().seasonCorrectionEvents() > 0) {
                    mahalanobisSpec.deviceSeasonCorrectionEvents = bundle.mahalanobisSettings().seasonCorrectionEvents();
                }
                if (bundle.mahalanobisSettings().varianceEvents() > 0) {
                    mahalanobisSpec.deviceVarianceEvents = bundle.mahalanobisSettings().varianceEvents();
                }
                if (bundle.mahalanobisSettings().missingPeakScore()) {
                    mahalanobisSpec.deviceMissingPeakScore = true;
                }
                if (bundle.mahalanobisSettings().gatesMissingPeakSensors()) {
                    mahalanobisSpec.deviceMissingPeakMaxAutocorrelation = bundle.mahalanobisSettings().missingPeakMaxAutocorrelation();
                }
                if (bundle.mahalanobisSettings().readingSpread() != ReadingSpread.LONG_RUN) {
                    mahalanobisSpec.deviceReadingSpread = bundle.mahalanobisSettings().readingSpread().configName();
                }
            }
            mahalanobisSpec.calibration = calibration(bundle.fleetMahalanobisCalibration());
            mahalanobisSpec.deviceCalibration = calibration(bundle.deviceMahalanobisCalibration());

            manifest.detectors = new LinkedHashMap<>();
            manifest.detectors.put(ModelBundle.IFOREST, forestSpec);
            manifest.detectors.put(ModelBundle.MAHALANOBIS, mahalanobisSpec);
            if (bundle.hasLstm()) {
                LstmDetector lstm = bundle.lstm();
                byte[] onnx = lstm.model().onnxBytes();
                Files.write(dir.resolve(LSTM_FILE), onnx);
                BundleManifest.Detector lstmSpec = new BundleManifest.Detector();
                lstmSpec.file = LSTM_FILE;
                lstmSpec.sha256 = Sha256.hex(onnx);
                lstmSpec.weight = weights[bundle.detectorIndex(ModelBundle.LSTM_AE)];
                lstmSpec.calibration = calibration(lstm.calibration());
                lstmSpec.onnxInput = lstm.model().inputName();
                lstmSpec.onnxOutput = lstm.model().outputName();
                lstmSpec.hiddenSize = lstm.hiddenSize();
                lstmSpec.layers = lstm.layers();
                if (lstmParityFixture != null) {
                    Files.write(dir.resolve(LSTM_PARITY_FILE), lstmParityFixture);
                    lstmSpec.parityFixture = LSTM_PARITY_FILE;
                }
                manifest.detectors.put(ModelBundle.LSTM_AE, lstmSpec);
            }
            manifest.alerting = AlertingParameters.of(bundle.alertSettings());
            manifest.fusion = bundle.fusionMethod() == FusionMethod.WEIGHTED_MEAN ? null : bundle.fusionMethod().configName();
            manifest.training = trainingInfo;
            MAPPER.writeValue(dir.resolve(BundleLoader.MANIFEST).toFile(), manifest);
            return manifest;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write model bundle to " + dir, e);
        }
    }

    static BundleManifest.Calibration calibration(ScoreCalibration calibration) {
        BundleManifest.Calibration spec = new BundleManifest.Calibration();
        spec.raw = calibration.rawKnots();
        spec.logTail = calibration.logTailKnots();
        spec.tailScale = calibration.tailScale();
        spec.samples = calibration.samples();
        return spec;
    }
}
