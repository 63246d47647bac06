package io.fleetanomaly.bundle;

import java.io.Serializable;

/** How the Mahalanobis detector runs: fleet or device mode, and the device mode's learning. */
public final class MahalanobisSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final int DEFAULT_DEVICE_WARMUP_EVENTS = 64;
    public static final double DEFAULT_DEVICE_SHRINKAGE = 0.1;

    private final MahalanobisMode mode;
    private final int deviceWarmupEvents;
    private final double deviceShrinkage;

    public MahalanobisSettings(MahalanobisMode mode, int deviceWarmupEvents, double deviceShrinkage) {
        if (deviceWarmupEvents < 8) {
            throw new IllegalArgumentException("mahalanobis device_warmup_events must be >= 8, got " + deviceWarmupEvents);
        }
        if (!(deviceShrinkage >= 0 && deviceShrinkage <= 1)) {
            throw new IllegalArgumentException("mahalanobis device_shrinkage must be in [0, 1], got " + deviceShrinkage);
        }
        this.mode = mode;
        this.deviceWarmupEvents = deviceWarmupEvents;
        this.deviceShrinkage = deviceShrinkage;
    }

    /** Fleet mode, with the default device-mode learning should a configuration switch to it. */
    public static MahalanobisSettings defaults() {
        return new MahalanobisSettings(MahalanobisMode.FLEET, DEFAULT_DEVICE_WARMUP_EVENTS, DEFAULT_DEVICE_SHRINKAGE);
    }

    public MahalanobisMode mode() {
        return mode;
    }

    public int deviceWarmupEvents() {
        return deviceWarmupEvents;
    }

    public double deviceShrinkage() {
        return deviceShrinkage;
    }

    public MahalanobisSettings withMode(MahalanobisMode newMode) {
        return new MahalanobisSettings(newMode, deviceWarmupEvents, deviceShrinkage);
    }
}
