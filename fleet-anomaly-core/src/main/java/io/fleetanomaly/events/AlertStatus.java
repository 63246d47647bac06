package io.fleetanomaly.events;

/** Lifecycle of an alert: OPEN once, UPDATE while open (rate-limited), RESOLVED once. */
public enum AlertStatus {
    OPEN,
    UPDATE,
    RESOLVED
}
