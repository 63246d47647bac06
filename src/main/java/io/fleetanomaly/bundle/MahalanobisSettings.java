package io.fleetanomaly.bundle;

import java.io.Serializable;

/** How the Mahalanobis detector runs: fleet or device mode, and the device mode's learning. */
public final class MahalanobisSettings implements Serializable {
    private static final long serialVersionUID = 1L;

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
