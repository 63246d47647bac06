package io.fleetanomaly.job.control;

import io.fleetanomaly.bundle.BundleOverrides;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How the job takes model and threshold updates from a control stream.
 *
 * @param overrides the job configuration's {@code model.*} and {@code alerting} overrides, applied to
 *     every bundle swapped in as to the start-up bundle
 * @param loadTimeout how long a bundle may take to load before its message is refused
 */
public record ControlSettings(BundleOverrides overrides, Duration loadTimeout) implements Serializable {
    public ControlSettings {
        Objects.requireNonNull(overrides, "overrides");
        if (loadTimeout.isNegative() || loadTimeout.isZero()) {
            throw new IllegalArgumentException("the bundle load timeout must be positive, got " + loadTimeout);
        }
    }

    public static ControlSettings defaults(BundleOverrides overrides) {
        return new ControlSettings(overrides, ControlBundleLoader.DEFAULT_TIMEOUT);
    }
}
