package io.fleetanomaly.control;

/** Why a control message was refused. The names appear in control results and log lines. */
public enum ControlRefusal {
    /** The record is larger than {@link ControlMessageParser#MAX_MESSAGE_BYTES}. */
    TOO_LARGE,
    /** Not a UTF-8 JSON object (or something follows the object). */
    NOT_JSON,
    /** A key the contract does not know (a typo would otherwise be ignored). */
    UNKNOWN_KEY,
    /** A required field is missing, a field has the wrong type, or fields that do not go together. */
    INVALID_MESSAGE,
    /** The bundle fails a start-up check: unreadable, a file missing or too large, a checksum, the manifest, ONNX inputs and outputs, shapes. */
    BUNDLE_INVALID,
    /** The SHA-256 of the bundle's manifest.json is not the one the message gives. */
    SHA256_MISMATCH,
    /** The message names a version and the bundle's manifest another. */
    VERSION_MISMATCH,
    /** Other features or another window than the running bundle, and the message does not ask for a re-warm-up. */
    INCOMPATIBLE_BUNDLE,
    /** Alerting overrides that are not valid, alone or with the bundle's parameters and the other overrides. */
    INVALID_OVERRIDE,
    /** The bundle could not be read within the load timeout. */
    LOAD_TIMEOUT,
    /** Loading failed in a way the loader does not foresee (a bug to report); nothing changed. */
    LOAD_FAILURE
}
