package io.fleetanomaly.events;

/** Severity levels of an alert, from its numeric severity score in [0, 1]. */
public enum Severity {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL;

    /** LOW below 0.25, MEDIUM below 0.5, HIGH below 0.75, CRITICAL from 0.75. */
    public static Severity ofScore(double severityScore) {
        if (severityScore >= 0.75) {
            return CRITICAL;
        }
        if (severityScore >= 0.5) {
            return HIGH;
        }
        if (severityScore >= 0.25) {
            return MEDIUM;
        }
        return LOW;
    }
}
