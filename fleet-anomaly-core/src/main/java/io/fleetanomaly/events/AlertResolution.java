package io.fleetanomaly.events;

import io.fleetanomaly.format.ConfigNames;

/** Why an alert resolved (RESOLVED records only). */
public enum AlertResolution {
    /** The CUSUM fell back below its reset level: the device returned to its baseline. */
    RETURNED_TO_BASELINE,
    /**
     * Recovery: the device's level fell well below its peak but settled short of the old baseline,
     * and that level became the device's baseline (see the alerting's {@code recovery_fraction}).
     */
    SETTLED_AT_NEW_LEVEL,
    /**
     * The job resumed with another model bundle and re-warmed the device ({@code job.on_bundle_change:
     * rewarm}): the alert opened under the old model is closed; the new model judges the device afresh.
     */
    MODEL_CHANGED,
    /**
     * The device sent nothing for {@code job.device_idle_timeout} of event time while the alert was
     * open: the alert is closed, not confirmed; if the device comes back still off, a new alert opens.
     */
    DEVICE_SILENT;

    public String jsonName() {
        return ConfigNames.of(this);
    }

    public static AlertResolution ofJsonName(String name) {
        return ConfigNames.parse(AlertResolution.class, "resolution", name);
    }
}
