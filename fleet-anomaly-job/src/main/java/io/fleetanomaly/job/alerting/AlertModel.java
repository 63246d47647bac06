package io.fleetanomaly.job.alerting;

import io.fleetanomaly.alerting.AlertSettings;
import io.fleetanomaly.alerting.CusumDetector;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.control.AlertingOverrides;
import io.fleetanomaly.control.ModelAnnouncement;
import io.fleetanomaly.control.ModelLineage;
import io.fleetanomaly.control.ModelLineages;
import java.util.HashMap;
import java.util.Map;

/**
 * What the alert function needs of the model in force: its version and fingerprint, the names and
 * weights an alert shows, and one CUSUM detector per set of settings: the bundle's, and those of
 * each device-id prefix with alerting overrides (a device gets its most specific prefix's).
 */
final class AlertModel {
    final String version;
    /** {@code BundleIdentity.fingerprint()} of the model; 0 = not tracked. */
    final long fingerprint;
    final String[] detectorNames;
    final double[] detectorWeights;
    final String[] featureNames;
    private final CusumDetector baseDetector;
    private final AlertingOverrides overrides;
    private final Map<String, CusumDetector> byPrefix = new HashMap<>();
    private final ModelLineage[] continues;

    AlertModel(AlertSettings base, String[] detectorNames, double[] detectorWeights, String[] featureNames,
            String version, long fingerprint, AlertingOverrides overrides, ModelLineage[] continues) {
        this.version = version;
        this.fingerprint = fingerprint;
        this.detectorNames = detectorNames;
        this.detectorWeights = detectorWeights;
        this.featureNames = featureNames;
        this.baseDetector = new CusumDetector(base, featureNames.length);
        this.overrides = overrides;
        overrides.settingsByPrefix(base).forEach((prefix, settings) ->
                byPrefix.put(prefix, new CusumDetector(settings, featureNames.length)));
        this.continues = continues;
    }

    /** The model and overrides an announcement puts in force. */
    static AlertModel of(ModelAnnouncement announcement) {
        ModelBundle bundle = announcement.model();
        return new AlertModel(bundle.alertSettings(), bundle.detectorNames(), bundle.detectorWeights(),
                bundle.features().toArray(new String[0]), bundle.version(), bundle.identity().fingerprint(),
                announcement.alertingOverrides(), announcement.continues);
    }

    /** The detector with this device's settings. */
    CusumDetector detectorFor(String deviceId) {
        if (byPrefix.isEmpty()) {
            return baseDetector;
        }
        String prefix = overrides.mostSpecificPrefix(deviceId);
        return prefix == null ? baseDetector : byPrefix.get(prefix);
    }

    /** Whether a device's CUSUM state built on the scores of the model with this fingerprint carries over. */
    boolean continuesFrom(long stateFingerprint) {
        return ModelLineages.find(continues, stateFingerprint) != null;
    }
}
