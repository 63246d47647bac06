package io.fleetanomaly.job;

import io.fleetanomaly.format.ConfigNames;

/**
 * What the job does when it resumes from a checkpoint or savepoint whose keyed state another model
 * bundle built ({@code job.on_bundle_change}; see {@code docs/state.md}).
 */
public enum BundleChangePolicy {
    /**
     * Refuse to start, with a message naming both bundles (the default): a model change loses every
     * device's baselines, so it has to be asked for.
     */
    FAIL,
    /**
     * Start, and re-warm each device with the new bundle on its next event: its window, warm-up and
     * CUSUM baseline start again (its first events are warm-up, not scored), and an alert it had
     * open is RESOLVED with resolution {@code model_changed}.
     */
    REWARM;

    public static BundleChangePolicy parse(String value) {
        return ConfigNames.parse(BundleChangePolicy.class, null, value);
    }

    public String configName() {
        return ConfigNames.of(this);
    }
}
