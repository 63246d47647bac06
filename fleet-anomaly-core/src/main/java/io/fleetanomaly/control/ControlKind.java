package io.fleetanomaly.control;

import java.util.Locale;

/** What a control message asks for: another model bundle, or alerting overrides. */
public enum ControlKind {
    /** Swap the model bundle ({@code bundle}, {@code sha256}, optional {@code version} and {@code rewarm}). */
    MODEL,
    /** Set or clear alerting overrides, fleet-wide or for a device-id prefix ({@code alerting}, {@code device_prefix}). */
    ALERTING;

    /** The name in control results: {@code model} or {@code alerting}. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
