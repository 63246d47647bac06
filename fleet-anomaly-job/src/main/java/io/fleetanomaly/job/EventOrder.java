package io.fleetanomaly.job;

import io.fleetanomaly.format.ConfigNames;

/**
 * In which order a device's events enter its window. Either way, an event more than the
 * out-of-orderness bound older than its device's newest event is not scored: it goes to the dead
 * letters as {@code LATE_EVENT}.
 */
public enum EventOrder {
    /** Score each event as it arrives: no added latency; an event out of order within the bound enters the window where it arrives. */
    ARRIVAL,
    /**
     * Hold each event until its device's newest event is the bound ahead (or the watermark is, for a
     * device that fell silent) and score in timestamp order: adds the out-of-orderness bound of latency.
     */
    EVENT_TIME;

    public static EventOrder parse(String value) {
        return ConfigNames.parse(EventOrder.class, null, value);
    }

    public String configName() {
        return ConfigNames.of(this);
    }
}
