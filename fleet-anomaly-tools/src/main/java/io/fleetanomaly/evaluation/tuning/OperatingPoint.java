package io.fleetanomaly.evaluation.tuning;

import io.fleetanomaly.evaluation.metrics.ConfusionMatrix;
import io.fleetanomaly.alerting.AlertSettings;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Fusion weights and alert settings, with the event-level confusion their replay gives on the
 * tuning part and on the validation part of the devices.
 *
 * @param weights index-aligned with the detectors, summing to 1
 */
public record OperatingPoint(double[] weights, AlertSettings settings, ConfusionMatrix tuning, ConfusionMatrix validation) {
    public OperatingPoint {
        weights = Objects.requireNonNull(weights, "weights").clone();
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(tuning, "tuning");
        Objects.requireNonNull(validation, "validation");
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    /** The weights by detector name, for {@code ModelBundle.withWeights}. */
    public Map<String, Double> weightsByName(String[] detectorNames) {
        if (detectorNames.length != weights.length) {
            throw new IllegalArgumentException(detectorNames.length + " detector names for " + weights.length + " weights");
        }
        Map<String, Double> byName = new LinkedHashMap<>();
        for (int i = 0; i < weights.length; i++) {
            byName.put(detectorNames[i], weights[i]);
        }
        return byName;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OperatingPoint p && Arrays.equals(weights, p.weights) && settings.equals(p.settings)
                && tuning.equals(p.tuning) && validation.equals(p.validation);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(weights), settings, tuning, validation);
    }

    @Override
    public String toString() {
        return "OperatingPoint{weights=" + Arrays.toString(weights) + ", h=" + settings.h() + ", k=" + settings.k()
                + ", resetLevel=" + settings.resetLevel() + ", resolveAfterEvents=" + settings.resolveAfterEvents()
                + ", recoveryFraction=" + settings.recoveryFraction()
                + ", tuning=" + tuning + ", validation=" + validation + "}";
    }
}
