package io.fleetanomaly.bundle;

import io.fleetanomaly.detectors.mahalanobis.ReadingSpread;
import io.fleetanomaly.features.DeviceSpread;
import io.fleetanomaly.features.WeeklyPrior;
import io.fleetanomaly.fusion.FusionMethod;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.fleetanomaly.detectors.calibration.ScoreCalibration;
import io.fleetanomaly.detectors.iforest.IsolationForest;
import io.fleetanomaly.detectors.iforest.IsolationForestJson;
import io.fleetanomaly.detectors.lstm.LstmAutoencoderModel;
import io.fleetanomaly.detectors.lstm.OnnxSessionSettings;
import io.fleetanomaly.detectors.mahalanobis.MahalanobisFiles;
import io.fleetanomaly.detectors.mahalanobis.MahalanobisModel;
import io.fleetanomaly.alerting.AlertSettings;
import io.fleetanomaly.features.FeatureScaler;
import io.fleetanomaly.features.PlausibleRanges;
import io.fleetanomaly.features.WindowFeatures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fleetanomaly.format.Sha256;
/**
 * Loads a model bundle from a directory or from the classpath ({@code classpath:bundles/industrial})
 * and checks everything up front: the manifest, every file's SHA-256, shapes against the feature
 * list, calibrations, weights and alert parameters. Any problem is a {@link BundleException} whose
 * message names the bundle and what is wrong, so start-up stops before the job runs.
 */
public final class BundleLoader {
    public static final String CLASSPATH_PREFIX = "classpath:";
    public static final String MANIFEST = "manifest.json";
    /** The largest file a bundle may hold (its models are a few MB; this stops a wrong file from filling the heap). */
    public static final long MAX_FILE_BYTES = 256L << 20;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private BundleLoader() {}

    /** The bundle for a simulator profile shipped inside the jar. */
    public static String defaultLocation(String profile) {
        return CLASSPATH_PREFIX + "bundles/" + profile;
    }

    public static ModelBundle load(String location) {
        try {
            return new Reader(location).read();
        } catch (BundleException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BundleException("model bundle " + location + ": " + e.getMessage(), e);
        }
    }

    /**
     * The files a bundle consists of, as bytes: its manifest and each detector file the manifest
     * names, read once and not checked (the parity fixture of {@code verify-bundle} is left out).
     * {@link #load(String, Map)} builds the bundle from exactly these bytes, with every check: what
     * is checked is what is used, whatever happens to the files afterwards.
     */
    public static Map<String, byte[]> readFiles(String location) {
        byte[] manifestBytes = readFile(location, MANIFEST);
        BundleManifest manifest = new Reader(location, Map.of(MANIFEST, manifestBytes)).parseManifest();
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(MANIFEST, manifestBytes);
        if (manifest.detectors != null) {
            for (BundleManifest.Detector detector : manifest.detectors.values()) {
                if (detector != null && detector.file != null && !files.containsKey(detector.file)) {
                    files.put(detector.file, readFile(location, detector.file));
                }
            }
        }
        return files;
    }

    /**
     * Loads a bundle held in memory (file name → bytes, as {@link #readFiles} returns them) with
     * every check of {@link #load(String)}; {@code name} names it in messages.
     */
    public static ModelBundle load(String name, Map<String, byte[]> files) {
        try {
            return new Reader(name, Map.copyOf(files)).read();
        } catch (BundleException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BundleException("model bundle " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * The manifest as written, parsed but not checked (for tools that copy a bundle and keep what
     * {@link ModelBundle} does not carry: training information, the LSTM parity fixture's name).
     * Load the bundle with {@link #load} for the checks.
     */
    public static BundleManifest readManifest(String location) {
        return new Reader(location).parseManifest();
    }

    /** The bytes of one file of the bundle (a plain name inside it, within the size limit), not otherwise checked. */
    public static byte[] readFile(String location, String name) {
        return new Reader(location).bytes(name);
    }

    /** A bundle that passed every start-up check, and its parity result (null: nothing to compare). */
    public record Verification(ModelBundle bundle, LstmParityCheck.Result parity) {}

    /**
     * Loads the bundle (every start-up check) and, when it has an LSTM autoencoder with a parity
     * fixture, checks ONNX Runtime against PyTorch's outputs.
     */
    public static Verification verify(String location) {
        Reader reader = new Reader(location);
        ModelBundle bundle = reader.read();
        BundleManifest.Detector spec = reader.manifest.detectors.get(ModelBundle.LSTM_AE);
        if (!bundle.hasLstm() || spec.parityFixture == null) {
            return new Verification(bundle, null);
        }
        LstmParityCheck.Result result = reader.attempt("parity fixture " + spec.parityFixture,
                () -> LstmParityCheck.run(bundle.lstm(), reader.bytes(spec.parityFixture)));
        if (!result.passed()) {
            throw new BundleException("model bundle " + location + ": ONNX Runtime does not reproduce PyTorch on "
                    + spec.parityFixture + ": max reconstruction difference " + result.maxReconstructionDifference()
                    + ", max relative error difference " + result.maxRelativeErrorDifference()
                    + " (tolerance " + LstmParityCheck.TOLERANCE + ")");
        }
        return new Verification(bundle, result);
    }

    private static final class Reader {
        private final String location;
        /** The bundle's files when it is held in memory, else null (read from {@link #location}). */
        private final Map<String, byte[]> inMemory;
        /** The manifest as parsed by {@link #read()}. */
        private BundleManifest manifest;

        Reader(String location) {
            this(location, null);
        }

        Reader(String location, Map<String, byte[]> inMemory) {
            this.location = location;
            this.inMemory = inMemory;
        }

        ModelBundle read() {
            manifest = parseManifest();
            BundleManifest manifest = this.manifest;
            require(BundleManifest.FORMAT.equals(manifest.format),
                    "manifest format must be '" + BundleManifest.FORMAT + "', got '" + manifest.format + "'");
            require(Integer.valueOf(BundleManifest.FORMAT_VERSION).equals(manifest.formatVersion),
                    "unsupported format_version " + manifest.formatVersion + " (this build reads "
                            + BundleManifest.FORMAT_VERSION + ")");
            require(manifest.version != null && !manifest.version.isBlank(), "manifest has no version");
            List<String> features = manifest.features;
            require(features != null && !features.isEmpty(), "manifest lists no features");
            require(features.size() <= 64, "at most 64 features are supported, got " + features.size());
            Set<String> unique = new HashSet<>(features);
            require(unique.size() == features.size(), "feature names are not unique: " + features);
            int f = features.size();
            require(manifest.window != null && manifest.window >= 2 && manifest.window <= 4096,
                    "window must be between 2 and 4096, got " + manifest.window);
            require(manifest.scaler != null, "manifest has no scaler");
            require(manifest.scaler.mean != null && manifest.scaler.mean.length == f,
                    "scaler.mean must have " + f + " values (one per feature)");
            require(manifest.scaler.std != null && manifest.scaler.std.length == f,
                    "scaler.std must have " + f + " values (one per feature)");
            FeatureScaler scaler = attempt("scaler", () -> new FeatureScaler(manifest.scaler.mean, manifest.scaler.std));
            PlausibleRanges plausibleRanges = null;
            if (manifest.plausibleRange != null) {
                require(manifest.plausibleRange.low != null && manifest.plausibleRange.low.length == f
                                && manifest.plausibleRange.high != null && manifest.plausibleRange.high.length == f,
                        "plausible_range needs low and high with " + f + " values each (one per feature)");
                plausibleRanges = attempt("plausible_range",
                        () -> new PlausibleRanges(manifest.plausibleRange.low, manifest.plausibleRange.high));
            }

            BundleManifest.Detector forestSpec = detector(manifest, ModelBundle.IFOREST);
            IsolationForest forest = attempt("iforest file " + forestSpec.file,
                    () -> IsolationForestJson.fromJson(verifiedBytes(forestSpec)));
            require(forest.dimensions() == WindowFeatures.dimensions(f),
                    "iforest expects " + forest.dimensions() + " inputs but " + f + " features give "
                            + WindowFeatures.dimensions(f));
            ScoreCalibration forestCalibration = calibration(ModelBundle.IFOREST, forestSpec.calibration);

            BundleManifest.Detector mahalanobisSpec = detector(manifest, ModelBundle.MAHALANOBIS);
            MahalanobisModel mahalanobis = attempt("mahalanobis file " + mahalanobisSpec.file,
                    () -> MahalanobisFiles.fromBytes(verifiedBytes(mahalanobisSpec)));
            require(mahalanobis.dimensions() == f,
                    "mahalanobis has " + mahalanobis.dimensions() + " dimensions but the bundle has " + f + " features");
            MahalanobisSettings mahalanobisSettings = attempt("mahalanobis settings", () -> new MahalanobisSettings(
                    MahalanobisMode.parse(mahalanobisSpec.mode == null ? "fleet" : mahalanobisSpec.mode),
                    mahalanobisSpec.deviceWarmupEvents == null
                            ? MahalanobisSettings.DEFAULT_DEVICE_WARMUP_EVENTS : mahalanobisSpec.deviceWarmupEvents,
                    mahalanobisSpec.deviceShrinkage == null
                            ? MahalanobisSettings.DEFAULT_DEVICE_SHRINKAGE : mahalanobisSpec.deviceShrinkage,
                    mahalanobisSpec.deviceSmoothingEvents == null
                            ? MahalanobisSettings.DEFAULT_DEVICE_SMOOTHING_EVENTS : mahalanobisSpec.deviceSmoothingEvents));
            if (Boolean.TRUE.equals(mahalanobisSpec.deviceScaledInputs)) {
                MahalanobisSettings plain = mahalanobisSettings;
                mahalanobisSettings = attempt("mahalanobis device scaling", () -> plain.withDeviceScaling(
                        mahalanobisSpec.deviceSeasonPeriodMs == null ? 0L : mahalanobisSpec.deviceSeasonPeriodMs,
                        mahalanobisSpec.deviceSeasonHarmonics == null ? 0 : mahalanobisSpec.deviceSeasonHarmonics,
                        mahalanobisSpec.deviceLevelEvents == null ? 0 : mahalanobisSpec.deviceLevelEvents,
                        DeviceSpread.parse(mahalanobisSpec.deviceSpread == null ? "long_run" : mahalanobisSpec.deviceSpread))
                        .withDeviceReference(mahalanobisSpec.deviceReferenceEvents == null ? 0 : mahalanobisSpec.deviceReferenceEvents)
                        .withWeeklyPrior(mahalanobisSpec.deviceWeeklyPrior == null ? null
                                : weeklyPrior(mahalanobisSpec.deviceWeeklyPrior, f))
                        .withMissingPeakHold(Boolean.TRUE.equals(mahalanobisSpec.deviceMissingPeakHold))
                        .withSeasonCorrection(mahalanobisSpec.deviceSeasonCorrectionEvents == null ? 0
                                : mahalanobisSpec.deviceSeasonCorrectionEvents)
                        .withVarianceChange(mahalanobisSpec.deviceVarianceEvents == null ? 0
                                : mahalanobisSpec.deviceVarianceEvents)
                        .withMissingPeakScore(Boolean.TRUE.equals(mahalanobisSpec.deviceMissingPeakScore))
                        .withMissingPeakMaxAutocorrelation(mahalanobisSpec.deviceMissingPeakMaxAutocorrelation == null
                                ? MahalanobisSettings.EVERY_SENSOR : mahalanobisSpec.deviceMissingPeakMaxAutocorrelation)
                        .withReadingSpread(ReadingSpread.parse(mahalanobisSpec.deviceReadingSpread == null ? "long_run"
                                : mahalanobisSpec.deviceReadingSpread)));
            }
            require(mahalanobisSettings.deviceSmoothingEvents() <= manifest.window,
                    "mahalanobis device_smoothing_events (" + mahalanobisSettings.deviceSmoothingEvents()
                            + ") is larger than the window (" + manifest.window + ")");
            ScoreCalibration fleetCalibration = calibration(ModelBundle.MAHALANOBIS, mahalanobisSpec.calibration);
            ScoreCalibration deviceCalibration = calibration(
                    ModelBundle.MAHALANOBIS + " device", mahalanobisSpec.deviceCalibration);

            double forestWeight = weight(forestSpec.weight);
            double mahalanobisWeight = weight(mahalanobisSpec.weight);

            AlertSettings alertSettings = attempt("alerting", () -> manifest.alerting == null
                    ? AlertSettings.defaults()
                    : manifest.alerting.applyTo(AlertSettings.defaults()));
            ModelBundle.Builder bundle = ModelBundle.builder()
                    .version(manifest.version)
                    .features(features, manifest.window, scaler)
                    .isolationForest(forest, forestCalibration, forestWeight)
                    .mahalanobis(mahalanobis, mahalanobisSettings, fleetCalibration, deviceCalibration, mahalanobisWeight)
                    .alertSettings(alertSettings)
                    .plausibleRanges(plausibleRanges)
                    .fusionMethod(attempt("fusion", () -> manifest.fusion == null
                            ? FusionMethod.WEIGHTED_MEAN : FusionMethod.parse(manifest.fusion)));
            BundleManifest.Detector lstmSpec = manifest.detectors.get(ModelBundle.LSTM_AE);
            if (lstmSpec != null) {
                bundle.lstm(lstm(lstmSpec, manifest.window, f), weight(lstmSpec.weight));
            }
            Set<String> known = Set.of(ModelBundle.IFOREST, ModelBundle.MAHALANOBIS, ModelBundle.LSTM_AE);
            for (String name : manifest.detectors.keySet()) {
                require(known.contains(name), "unknown detector '" + name + "' (known: " + known + ")");
            }
            bundle.detectorChecksum(ModelBundle.IFOREST, forestSpec.sha256)
                    .detectorChecksum(ModelBundle.MAHALANOBIS, mahalanobisSpec.sha256);
            if (lstmSpec != null) {
                bundle.detectorChecksum(ModelBundle.LSTM_AE, lstmSpec.sha256);
            }
            return attempt("weights", bundle::build);
        }

        private BundleManifest parseManifest() {
            byte[] bytes = bytes(MANIFEST);
            try {
                return MAPPER.readValue(bytes, BundleManifest.class);
            } catch (UnrecognizedPropertyException e) {
                throw fail(MANIFEST + " has an unknown key '" + e.getPropertyName() + "' at " + path(e));
            } catch (IOException e) {
                throw fail(MANIFEST + " is not valid: " + e.getMessage().lines().findFirst().orElse(""));
            }
        }

        private BundleManifest.Detector detector(BundleManifest manifest, String name) {
            BundleManifest.Detector spec = manifest.detectors == null ? null : manifest.detectors.get(name);
            require(spec != null, "manifest has no '" + name + "' detector");
            require(spec.file != null && !spec.file.isBlank(), name + " names no file");
            require(spec.sha256 != null && spec.sha256.matches("[0-9a-f]{64}"),
                    name + " needs a sha256 of 64 lowercase hex digits");
            return spec;
        }

        /** The ONNX model, checked against its checksum and the bundle's window and features by ORT. */
        private LstmDetector lstm(BundleManifest.Detector spec, int window, int features) {
            require(spec.file != null && !spec.file.isBlank(), ModelBundle.LSTM_AE + " names no file");
            require(spec.sha256 != null && spec.sha256.matches("[0-9a-f]{64}"),
                    ModelBundle.LSTM_AE + " needs a sha256 of 64 lowercase hex digits");
            require(spec.onnxInput != null && spec.onnxOutput != null,
                    ModelBundle.LSTM_AE + " needs onnx_input and onnx_output names");
            byte[] bytes = verifiedBytes(spec);
            LstmAutoencoderModel model = attempt(ModelBundle.LSTM_AE + " model " + spec.file, () -> {
                LstmAutoencoderModel m = LstmAutoencoderModel.of(
                        bytes, spec.sha256, spec.onnxInput, spec.onnxOutput, window, features);
                m.validate(OnnxSessionSettings.defaults());
                return m;
            });
            ScoreCalibration calibration = calibration(ModelBundle.LSTM_AE, spec.calibration);
            return new LstmDetector(model, calibration,
                    spec.hiddenSize == null ? 0 : spec.hiddenSize, spec.layers == null ? 0 : spec.layers);
        }

        private byte[] verifiedBytes(BundleManifest.Detector spec) {
            byte[] bytes = bytes(spec.file);
            String actual = Sha256.hex(bytes);
            require(actual.equals(spec.sha256),
                    "checksum mismatch for " + spec.file + ": manifest says " + spec.sha256 + ", file has " + actual);
            return bytes;
        }

        /** The manifest's weekly prior: one gain per bin of the week for each of the bundle's f features. */
        private WeeklyPrior weeklyPrior(BundleManifest.WeeklyPriorSpec spec, int f) {
            require(spec.zero != null && spec.zero.length == f && spec.gains != null && spec.gains.length == f,
                    "mahalanobis device_weekly_prior needs zero and gains for each of the " + f + " features");
            int bins = spec.gains[0] == null ? 0 : spec.gains[0].length;
            double[] gains = new double[f * bins];
            for (int j = 0; j < f; j++) {
                require(spec.gains[j] != null && spec.gains[j].length == bins,
                        "mahalanobis device_weekly_prior: every feature needs " + bins + " gains");
                System.arraycopy(spec.gains[j], 0, gains, j * bins, bins);
            }
            return attempt("mahalanobis device_weekly_prior", () -> new WeeklyPrior(spec.binMs, spec.zero, gains));
        }

        private ScoreCalibration calibration(String detector, BundleManifest.Calibration spec) {
            require(spec != null, detector + " has no calibration");
            require(spec.raw != null && spec.logTail != null, detector + " calibration needs raw and log_tail");
            return attempt(detector + " calibration",
                    () -> new ScoreCalibration(spec.raw, spec.logTail, spec.tailScale, spec.samples));
        }

        /** An absent weight is 1 (equal weights); ModelBundle checks the values. */
        private static double weight(Double weight) {
            return weight == null ? 1.0 : weight;
        }

        /**
         * A file of the bundle. Every name the manifest gives is a plain file name inside the bundle
         * (no directories, no "..", no link to a file outside it) and at most {@link #MAX_FILE_BYTES}.
         */
        private byte[] bytes(String name) {
            require(isPlainName(name), "file name '" + name + "' must be a plain name inside the bundle"
                    + " (no directory, no '..')");
            if (inMemory != null) {
                byte[] bytes = inMemory.get(name);
                if (bytes == null) {
                    throw fail("missing file " + name);
                }
                return bytes;
            }
            if (location.startsWith(CLASSPATH_PREFIX)) {
                String resource = location.substring(CLASSPATH_PREFIX.length()) + "/" + name;
                try (InputStream in = BundleLoader.class.getClassLoader().getResourceAsStream(resource)) {
                    if (in == null) {
                        throw fail("missing file " + name + " (no classpath resource " + resource + ")");
                    }
                    byte[] bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
                    require(bytes.length <= MAX_FILE_BYTES, tooLarge(name, bytes.length));
                    return bytes;
                } catch (IOException e) {
                    throw fail("cannot read " + name + ": " + e.getMessage());
                }
            }
            Path dir = Path.of(location);
            if (!Files.isDirectory(dir)) {
                throw fail("not a directory");
            }
            try {
                Path file = dir.resolve(name);
                if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                    throw fail("missing file " + name);
                }
                if (!Files.exists(file)) {
                    throw fail("file " + name + " is a link to nothing");
                }
                Path real = file.toRealPath();
                require(real.getParent().equals(dir.toRealPath()), "file " + name + " is a link to "
                        + real + ", outside the bundle");
                require(Files.isRegularFile(real), "file " + name + " is not a regular file");
                long size = Files.size(real);
                require(size <= MAX_FILE_BYTES, tooLarge(name, size));
                return Files.readAllBytes(real);
            } catch (NoSuchFileException e) {
                throw fail("missing file " + name);
            } catch (IOException e) {
                throw fail("cannot read " + name + ": " + e.getMessage());
            }
        }

        private static boolean isPlainName(String name) {
            return name != null && !name.isBlank() && !name.equals(".") && !name.equals("..") && name.length() <= 255
                    && name.indexOf('/') < 0 && name.indexOf('\\') < 0 && name.indexOf('\0') < 0;
        }

        private static String tooLarge(String name, long size) {
            return "file " + name + " is larger than the " + (MAX_FILE_BYTES >> 20) + " MB a bundle file may be"
                    + (size > MAX_FILE_BYTES + 1 ? " (" + size + " bytes)" : "");
        }

        private <T> T attempt(String what, java.util.function.Supplier<T> action) {
            try {
                return action.get();
            } catch (BundleException e) {
                throw e;
            } catch (RuntimeException e) {
                throw fail(what + " is invalid: " + e.getMessage());
            }
        }

        private void require(boolean condition, String problem) {
            if (!condition) {
                throw fail(problem);
            }
        }

        private BundleException fail(String problem) {
            return new BundleException("model bundle " + location + ": " + problem);
        }

        private static String path(UnrecognizedPropertyException e) {
            StringBuilder path = new StringBuilder();
            e.getPath().forEach(ref -> {
                if (ref.getFieldName() != null) {
                    path.append('/').append(ref.getFieldName());
                } else {
                    path.append('/').append(ref.getIndex());
                }
            });
            return path.length() == 0 ? "/" : path.toString();
        }
    }
}
