package io.fleetanomaly.bundle;

/** Where the Mahalanobis detector's mean and covariance come from. */
public enum MahalanobisMode {
    /** From the model bundle, shared by the whole fleet. */
    FLEET,
    /** Learned from each device's own first events (its warm-up), then used to score that device. */
    DEVICE;

    public static MahalanobisMode parse(String text) {
        for (MahalanobisMode mode : values()) {
            if (mode.name().equalsIgnoreCase(text)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("mahalanobis mode must be 'fleet' or 'device', got '" + text + "'");
    }
}
