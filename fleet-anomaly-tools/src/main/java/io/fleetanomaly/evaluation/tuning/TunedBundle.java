package io.fleetanomaly.evaluation.tuning;

import io.fleetanomaly.bundle.AlertingParameters;
import io.fleetanomaly.bundle.BundleLoader;
import io.fleetanomaly.bundle.BundleManifest;
import io.fleetanomaly.bundle.BundleWriter;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.alerting.AlertSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a copy of a model bundle with tuned fusion weights and alert settings.
 *
 * <p>The copy is written by {@link BundleWriter} from the loaded bundle, so every file is
 * re-serialised and re-checksummed and the manifest is one {@link BundleLoader} accepts: the
 * Isolation Forest and Mahalanobis files, calibrations and Mahalanobis settings as loaded, the LSTM
 * autoencoder's ONNX bytes unchanged (same SHA-256) when the bundle has one, and its parity fixture
 * copied over when the source manifest names one (so {@code verify-bundle} still compares ONNX
 * Runtime with PyTorch). The version becomes {@code <version>+tuned} (unchanged when it already ends
 * so), and the manifest's {@code training} section keeps the source's entries plus a {@code tuning}
 * entry saying what was tuned from what.
 *
 * <p>Weights are written as given; {@link ModelBundle} normalises them. Grid weights
 * ({@link WeightGrid}) survive the round trip exactly. A detector weighted 0 is still run by the job
 * (its score is reported in alerts) but no longer moves the fused score.
 */
public final class TunedBundle {
    public static final String VERSION_SUFFIX = "+tuned";

    private TunedBundle() {}

    /** {@code version} with {@value #VERSION_SUFFIX} appended, unless it already ends with it. */
    public static String tunedVersion(String version) {
        return version.endsWith(VERSION_SUFFIX) ? version : version + VERSION_SUFFIX;
    }

    /** The bundle with these weights (by detector, in {@code detectorNames()} order), settings and a tuned version. */
    public static ModelBundle of(ModelBundle source, double[] weights, AlertSettings settings) {
        String[] names = source.detectorNames();
        if (weights.length != names.length) {
            throw new IllegalArgumentException("bundle " + source.version() + " has " + names.length
                    + " detectors but " + weights.length + " weights were given");
        }
        Map<String, Double> byName = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            byName.put(names[i], weights[i]);
        }
        return source.withWeights(byName).withAlertSettings(settings).withVersion(tunedVersion(source.version()));
    }

    /**
     * Loads the bundle at {@code sourceLocation} (a directory or {@code classpath:…}), applies the
     * point's weights and settings and writes the tuned copy to {@code dir}.
     *
     * @param tuningInfo what to record about the tuning (informational), or null
     * @return the manifest written
     */
    public static BundleManifest write(
            String sourceLocation, OperatingPoint point, Map<String, Object> tuningInfo, String createdAt, Path dir) {
        ModelBundle source = BundleLoader.load(sourceLocation);
        return write(sourceLocation, source, point.weights(), point.settings(), tuningInfo, createdAt, dir);
    }

    /**
     * Writes {@code source} (loaded from {@code sourceLocation}, which supplies its training
     * information and parity fixture) with these weights and settings to {@code dir}.
     */
    public static BundleManifest write(
            String sourceLocation,
            ModelBundle source,
            double[] weights,
            AlertSettings settings,
            Map<String, Object> tuningInfo,
            String createdAt,
            Path dir) {
        Objects.requireNonNull(sourceLocation, "sourceLocation");
        ModelBundle tuned = of(source, weights, settings);
        BundleManifest sourceManifest = BundleLoader.readManifest(sourceLocation);
        byte[] parityFixture = null;
        if (tuned.hasLstm()) {
            BundleManifest.Detector lstmSpec = sourceManifest.detectors.get(ModelBundle.LSTM_AE);
            if (lstmSpec != null && lstmSpec.parityFixture != null) {
                parityFixture = BundleLoader.readFile(sourceLocation, lstmSpec.parityFixture);
            }
        }
        Map<String, Object> training = new LinkedHashMap<>();
        if (sourceManifest.training != null) {
            training.putAll(sourceManifest.training);
        }
        Map<String, Object> tuning = new LinkedHashMap<>();
        tuning.put("tuned_from", source.version());
        tuning.put("source", sourceLocation);
        tuning.put("weights", weightsOf(tuned));
        tuning.put("alerting", AlertingParameters.of(settings));
        if (tuningInfo != null) {
            tuning.putAll(tuningInfo);
        }
        training.put("tuning", tuning);
        return BundleWriter.write(tuned, training, createdAt, dir, parityFixture);
    }

    private static Map<String, Double> weightsOf(ModelBundle bundle) {
        Map<String, Double> weights = new LinkedHashMap<>();
        String[] names = bundle.detectorNames();
        double[] values = bundle.detectorWeights();
        for (int i = 0; i < names.length; i++) {
            weights.put(names[i], values[i]);
        }
        return weights;
    }
}
