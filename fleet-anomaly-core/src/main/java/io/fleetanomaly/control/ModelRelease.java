package io.fleetanomaly.control;

import io.fleetanomaly.bundle.AlertingParameters;
import io.fleetanomaly.bundle.BundleIdentity;
import io.fleetanomaly.bundle.ModelBundle;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bundle accepted through the control stream, kept as its files (manifest and detector files) so
 * a restore builds it again with every check of {@code BundleLoader}: state never holds a
 * Java-serialized model, whose format would break with the next build. Beside the files, what
 * deciding on the next message needs (derived from them, with the job's configuration overrides).
 * A Flink POJO (control state); Serializable for the decision function, which holds the start-up
 * bundle's (without files) from the job graph on.
 */
public class ModelRelease implements Serializable {
    private static final long serialVersionUID = 1L;

    public String version;
    /** SHA-256 of the manifest.json among the files. */
    public String manifestSha256;
    /** Where it was loaded from, as the message said. */
    public String location;
    /** Whether the swap to it re-warmed every device. */
    public boolean rewarm;
    public String[] fileNames;
    public byte[][] fileContents;

    /** {@code BundleIdentity.contentHash()} of the bundle as it scores (configuration overrides applied). */
    public String contentHash;
    /** Its scaler, so the next compatible model can re-express device windows scaled with it. */
    public double[] scalerMean;
    public double[] scalerStd;
    /** The bundle's features in order. */
    public String[] features;
    public int window;
    /** Whether its detectors read device-scaled inputs (device windows then hold each device's own z). */
    public boolean deviceScaledInputs;
    /** Its alerting parameters in effect (all set): the base of the alerting overrides. */
    public AlertingParameters alerting;

    public ModelRelease() {}

    /**
     * What deciding on control messages needs of a bundle as it scores (configuration overrides
     * applied): every field derived from it. No files, location or manifest SHA-256 yet.
     */
    public static ModelRelease describing(ModelBundle effective) {
        ModelRelease release = new ModelRelease();
        release.version = effective.version();
        release.contentHash = effective.identity().contentHash();
        release.scalerMean = effective.scaler().mean();
        release.scalerStd = effective.scaler().std();
        release.features = effective.features().toArray(new String[0]);
        release.window = effective.window();
        release.deviceScaledInputs = effective.mahalanobisSettings().deviceScaledInputs();
        release.alerting = AlertingParameters.asBase(effective.alertSettings());
        return release;
    }

    /** The files by name, as {@code BundleLoader.load(name, files)} takes them. */
    public Map<String, byte[]> files() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < fileNames.length; i++) {
            files.put(fileNames[i], fileContents[i]);
        }
        return files;
    }

    /** Sets the files (in the map's order). */
    public void setFiles(Map<String, byte[]> files) {
        fileNames = files.keySet().toArray(new String[0]);
        fileContents = files.values().toArray(new byte[0][]);
    }

    /** What a device's state built by this model needs when a compatible model replaces it. */
    public ModelLineage lineage() {
        ModelLineage lineage = new ModelLineage();
        lineage.fingerprint = new BundleIdentity(version, contentHash).fingerprint();
        lineage.version = version;
        lineage.scalerMean = scalerMean;
        lineage.scalerStd = scalerStd;
        return lineage;
    }

    /** {@code industrial-6 (manifest sha256 1a2b3c4d5e6f)}, for messages. */
    public String describe() {
        return version + " (manifest sha256 " + (manifestSha256 == null ? "?" : manifestSha256.substring(0, 12)) + ")";
    }
}
