package io.fleetanomaly.fusion;

import io.fleetanomaly.format.ConfigNames;

/** How calibrated detector scores (all −ln tail probabilities, one common scale) become one score. */
public enum FusionMethod {
    /** Weighted mean: every detector's evidence adds up; a detector that sees nothing dilutes the others. */
    WEIGHTED_MEAN,
    /**
     * The largest weighted score (weights relative to the largest weight; weight 0 leaves a detector
     * out): the most surprised detector speaks for the event, so one detector that sees an anomaly
     * the others cannot is not diluted by them.
     */
    MAX;

    public static FusionMethod parse(String value) {
        return ConfigNames.parse(FusionMethod.class, null, value);
    }

    public String configName() {
        return ConfigNames.of(this);
    }
}
