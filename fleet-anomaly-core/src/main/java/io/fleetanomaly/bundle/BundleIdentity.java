package io.fleetanomaly.bundle;

import io.fleetanomaly.detectors.mahalanobis.ReadingSpread;
import io.fleetanomaly.features.DeviceSpread;
import io.fleetanomaly.detectors.calibration.ScoreCalibration;
import io.fleetanomaly.detectors.iforest.IsolationForestJson;
import io.fleetanomaly.detectors.mahalanobis.MahalanobisFiles;
import io.fleetanomaly.format.Sha256;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Which model a device's keyed state was built with: the bundle's version (for people) and a
 * content hash (for the job). The hash is SHA-256 over everything the state's meaning depends on,
 * as in effect after configuration overrides: the features and their order, the window, the
 * scaler, the detector files' checksums (from the manifest; computed the same way for a bundle
 * built in memory), each detector's calibration, the fusion method and weights, and the
 * Mahalanobis mode and device settings. The alerting (CUSUM) parameters are not part of it: they
 * change when alerts open, not what the state means.
 *
 * <p>Two bundles with the same hash are the same model whatever their versions say; keyed state
 * keeps {@link #fingerprint()}, the hash's first 64 bits.
 */
public record BundleIdentity(String version, String contentHash) implements Serializable {

    public BundleIdentity {
        Objects.requireNonNull(version, "version");
        if (contentHash == null || !contentHash.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("content hash must be 64 lowercase hex digits, got " + contentHash);
        }
    }

    /** The identity of the bundle as it scores (overrides applied). */
    public static BundleIdentity of(ModelBundle bundle) {
        StringBuilder content = new StringBuilder(4096);
        line(content, "features", String.join(",", bundle.features()));
        line(content, "window", Integer.toString(bundle.window()));
        line(content, "scaler.mean", Arrays.toString(bundle.scaler().mean()));
        line(content, "scaler.std", Arrays.toString(bundle.scaler().std()));
        line(content, "iforest.sha256", bundle.detectorChecksum(ModelBundle.IFOREST));
        line(content, "iforest.calibration", calibration(bundle.isolationForestCalibration()));
        MahalanobisSettings mahalanobis = bundle.mahalanobisSettings();
        line(content, "mahalanobis.sha256", bundle.detectorChecksum(ModelBundle.MAHALANOBIS));
        line(content, "mahalanobis.calibration", calibration(bundle.fleetMahalanobisCalibration()));
        line(content, "mahalanobis.device_calibration", calibration(bundle.deviceMahalanobisCalibration()));
        line(content, "mahalanobis.mode", mahalanobis.mode().name());
        line(content, "mahalanobis.device", mahalanobis.deviceWarmupEvents() + "," + mahalanobis.deviceShrinkage()
                + "," + mahalanobis.deviceSmoothingEvents());
        if (mahalanobis.deviceScaledInputs()) {
            line(content, "mahalanobis.device_scaling", mahalanobis.seasonPeriodMs() + "," + mahalanobis.seasonHarmonics()
                    + "," + mahalanobis.levelEvents()
                    // long_run, the spread of bundles written before there was a choice, keeps their identity
                    + (mahalanobis.spread() == DeviceSpread.LONG_RUN ? "" : "," + mahalanobis.spread().configName())
                    // no reference level, as bundles written before there was one, keeps their identity
                    + (mahalanobis.referenceEvents() == 0 ? "" : ",reference " + mahalanobis.referenceEvents())
                    + (mahalanobis.missingPeakHold() ? ",missing-peak hold" : "")
                    // no correction, as bundles written before there was one, keeps their identity
                    + (mahalanobis.seasonCorrectionEvents() == 0 ? "" : ",season correction " + mahalanobis.seasonCorrectionEvents())
                    + (mahalanobis.varianceEvents() == 0 ? "" : ",variance " + mahalanobis.varianceEvents())
                    + (mahalanobis.missingPeakScore() ? ",missing-peak score" : "")
                    // every sensor, as bundles written before there was a gate, keeps their identity
                    + (mahalanobis.gatesMissingPeakSensors()
                            ? " up to autocorrelation " + mahalanobis.missingPeakMaxAutocorrelation() : "")
                    // long_run, the reading spread of bundles written before there was a choice, keeps their identity
                    + (mahalanobis.readingSpread() == ReadingSpread.LONG_RUN ? "" : ",reading spread " + mahalanobis.readingSpread().configName()));
        }
        if (bundle.hasLstm()) {
            line(content, "lstm_ae.sha256", bundle.detectorChecksum(ModelBundle.LSTM_AE));
            line(content, "lstm_ae.calibration", calibration(bundle.lstm().calibration()));
        }
        line(content, "fusion", bundle.fusionMethod().name() + " " + String.join(",", bundle.detectorNames())
                + " " + Arrays.toString(bundle.detectorWeights()));
        return new BundleIdentity(bundle.version(), Sha256.hex(content.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** SHA-256 of a detector file as {@link BundleWriter} would write it (for a bundle built in memory). */
    static String computedChecksum(ModelBundle bundle, String detector) {
        return switch (detector) {
            case ModelBundle.IFOREST -> Sha256.hex(IsolationForestJson.toJson(bundle.isolationForest()));
            case ModelBundle.MAHALANOBIS -> Sha256.hex(MahalanobisFiles.toBytes(bundle.fleetMahalanobis()));
            case ModelBundle.LSTM_AE -> bundle.lstm().model().sha256();
            default -> throw new IllegalArgumentException("unknown detector " + detector);
        };
    }

    /** The first 64 bits of the content hash, as kept per device in keyed state (never 0: 0 means unknown). */
    public long fingerprint() {
        long value = Long.parseUnsignedLong(contentHash.substring(0, 16), 16);
        return value == 0 ? 1 : value;
    }

    /** For messages: {@code industrial-5@2026-11-23 (sha256 1a2b3c4d5e6f)}. */
    public String describe() {
        return version + " (sha256 " + contentHash.substring(0, 12) + ")";
    }

    private static void line(StringBuilder content, String key, String value) {
        content.append(key).append('=').append(value).append('\n');
    }

    private static String calibration(ScoreCalibration c) {
        return c == null ? "none" : Arrays.toString(c.rawKnots()) + Arrays.toString(c.logTailKnots()) + c.tailScale();
    }
}
