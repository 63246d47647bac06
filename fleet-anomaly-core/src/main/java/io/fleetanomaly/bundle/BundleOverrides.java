package io.fleetanomaly.bundle;

import io.fleetanomaly.fusion.FusionMethod;
import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the job configuration changes in whichever bundle the job runs ({@code model.*} and
 * {@code alerting}): the start-up bundle and every bundle swapped in through the control stream get
 * the same overrides, so a swap changes the model and not the operator's settings. Messages name
 * the configuration key.
 */
public final class BundleOverrides implements Serializable {
    private static final long serialVersionUID = 1L;

    private final boolean lstmEnabled;
    private final LinkedHashMap<String, Double> weights;
    private final MahalanobisMode mahalanobisMode;
    private final FusionMethod fusion;
    private final AlertingParameters alerting;

    /**
     * @param weights fusion weights by detector name, or null
     * @param mahalanobisMode or null: the bundle's
     * @param fusion or null: the bundle's
     * @param alerting or null: the bundle's alerting parameters
     */
    public BundleOverrides(boolean lstmEnabled, Map<String, Double> weights, MahalanobisMode mahalanobisMode,
            FusionMethod fusion, AlertingParameters alerting) {
        this.lstmEnabled = lstmEnabled;
        this.weights = weights == null ? null : new LinkedHashMap<>(weights);
        if (this.weights != null) {
            this.weights.forEach((name, weight) -> require(weight != null && weight >= 0 && Double.isFinite(weight),
                    "model.weights." + name + " must be a number >= 0"));
        }
        this.mahalanobisMode = mahalanobisMode;
        this.fusion = fusion;
        this.alerting = alerting == null ? new AlertingParameters() : alerting;
    }

    /** No overrides: every bundle as its manifest says. */
    public static BundleOverrides none() {
        return new BundleOverrides(true, null, null, null, null);
    }

    /**
     * The bundle with these overrides.
     *
     * @throws IllegalArgumentException naming the configuration key that does not fit the bundle
     */
    public ModelBundle applyTo(ModelBundle bundle) {
        Objects.requireNonNull(bundle, "bundle");
        ModelBundle result = !lstmEnabled && bundle.hasLstm() ? bundle.withoutLstm() : bundle;
        if (weights != null) {
            for (String name : weights.keySet()) {
                require(Arrays.asList(result.detectorNames()).contains(name), "model.weights." + name
                        + " names no detector of bundle " + result.version() + " (its detectors: "
                        + String.join(", ", result.detectorNames()) + ")");
            }
            result = attempt("model.weights", result, b -> b.withWeights(weights));
        }
        if (mahalanobisMode != null) {
            result = result.withMahalanobisSettings(result.mahalanobisSettings().withMode(mahalanobisMode));
        }
        if (fusion != null) {
            result = result.withFusionMethod(fusion);
        }
        return attempt("alerting", result, b -> b.withAlertSettings(alerting.applyTo(b.alertSettings())));
    }

    private static ModelBundle attempt(String key, ModelBundle bundle, java.util.function.UnaryOperator<ModelBundle> change) {
        try {
            return change.apply(bundle);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(problem);
        }
    }
}
