package io.fleetanomaly.bundle;

import io.fleetanomaly.format.ConfigNames;

/** Where the Mahalanobis detector's mean and covariance come from. */
public enum MahalanobisMode {
    /** From the model bundle, shared by the whole fleet. */
    FLEET,
    /** Learned from each device's own first events (its warm-up), then used to score that device. */
    DEVICE;

    public static MahalanobisMode parse(String text) {
        return ConfigNames.parse(MahalanobisMode.class, "mahalanobis mode", text);
    }

    /** The name in manifests, configuration and options: fleet or device. */
    public String configName() {
        return ConfigNames.of(this);
    }
}
