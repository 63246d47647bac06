package io.fleetanomaly.control;

import io.fleetanomaly.bundle.AlertingParameters;

/**
 * One control message, read and checked by {@link ControlMessageParser} (the contract is in
 * {@code docs/contracts.md}). Either a model swap ({@link ControlKind#MODEL}: {@code bundle},
 * {@code sha256}, optional {@code version} and {@code rewarm}) or alerting overrides
 * ({@link ControlKind#ALERTING}: {@code alerting}, for {@code devicePrefix}, "" = the whole fleet).
 *
 * @param id the operator's name for the message, echoed in its result; null when it gave none
 * @param sha256 MODEL: SHA-256 of the bundle's manifest.json (which holds every detector file's checksum)
 * @param version MODEL: the version the manifest must state, or null
 * @param rewarm MODEL: whether every device may warm up again (needed for other features or another window)
 * @param alerting ALERTING: the parameters to set for the prefix; none set = clear the prefix's overrides
 */
public record ControlMessage(
        String id,
        ControlKind kind,
        String bundle,
        String sha256,
        String version,
        boolean rewarm,
        String devicePrefix,
        AlertingParameters alerting) {

    public static ControlMessage model(String id, String bundle, String sha256, String version, boolean rewarm) {
        return new ControlMessage(id, ControlKind.MODEL, bundle, sha256, version, rewarm, null, null);
    }

    public static ControlMessage alerting(String id, String devicePrefix, AlertingParameters alerting) {
        return new ControlMessage(id, ControlKind.ALERTING, null, null, null, false,
                devicePrefix == null ? "" : devicePrefix, alerting);
    }
}
