package io.fleetanomaly.control;

/** The outcome of one control message, as its control result says. */
public enum ControlStatus {
    /** Valid and now in force: every scoring and alert subtask switches to it. */
    ACCEPTED,
    /** Valid, but it asks for what is already in force (e.g. a repeated message): nothing changes. */
    UNCHANGED,
    /** Not applied, for the {@link ControlRefusal} given; what was in force stays in force. */
    REFUSED
}
