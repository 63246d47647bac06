package io.fleetanomaly.embedded;

/**
 * What the evaluation operator reports, one record per finished labeled episode, per opened alert,
 * and per device at the end of input (its event-level confusion counts). A POJO for Flink.
 */
public class EvaluationRecord {
    public enum Kind {
        EPISODE,
        ALERT,
        DEVICE
    }

    public Kind kind;
    public String deviceId;

    /** EPISODE: the labeled anomaly and whether an alert covered it. */
    public String anomalyType;
    public long startTs;
    public long endTs;
    public boolean detected;
    /** EPISODE, when detected: event time from the episode start to the first event under an alert. */
    public long detectionDelayMs;

    /** ALERT: the alert, and whether it opened during a labeled episode (or within the grace period after one). */
    public String alertId;
    public boolean truePositive;

    /** DEVICE: event-level confusion over scored, labeled events (predicted = an alert is open). */
    public long truePositives;
    public long falsePositives;
    public long falseNegatives;
    public long trueNegatives;
    /** DEVICE: all events of the device, and those seen while it was still warming up. */
    public long events;
    public long warmupEvents;

    public EvaluationRecord() {}

    static EvaluationRecord episode(String deviceId, String type, long start, long end, boolean detected, long delayMs) {
        EvaluationRecord r = new EvaluationRecord();
        r.kind = Kind.EPISODE;
        r.deviceId = deviceId;
        r.anomalyType = type;
        r.startTs = start;
        r.endTs = end;
        r.detected = detected;
        r.detectionDelayMs = delayMs;
        return r;
    }

    static EvaluationRecord alert(String deviceId, String alertId, long openedAt, boolean truePositive) {
        EvaluationRecord r = new EvaluationRecord();
        r.kind = Kind.ALERT;
        r.deviceId = deviceId;
        r.alertId = alertId;
        r.startTs = openedAt;
        r.truePositive = truePositive;
        return r;
    }
}
