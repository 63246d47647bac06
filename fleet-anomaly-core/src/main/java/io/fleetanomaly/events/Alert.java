package io.fleetanomaly.events;

/**
 * An alert as emitted by the CUSUM alert function. Flat arrays rather than maps so Flink uses its
 * POJO serializer; {@code io.fleetanomaly.format.AlertJson} writes the nested JSON contract.
 */
public class Alert {
    /** Deterministic: {@code deviceId + "/" + openedAt}. */
    public String alertId;
    public String deviceId;
    public AlertStatus status;
    public Severity severity;
    /** In [0, 1]. */
    public double severityScore;
    /** Event time of the event that opened the alert. */
    public long openedAt;
    /** Event time of the event that produced this record. */
    public long ts;
    /** Fused score of that event. */
    public double score;
    public double cusum;
    /** Decision interval h in effect. */
    public double threshold;

    /** Detector names, calibrated scores and fusion weights, index-aligned. */
    public String[] detectorNames;
    public double[] detectorScores;
    public double[] detectorWeights;

    /** Top contributing sensors, largest first, with their share in [0, 1]. */
    public String[] topSensorNames;
    public double[] topSensorContributions;

    public String modelVersion;

    /** RESOLVED only: how long the alert was open (event time) and its peak fused score. */
    public long durationMs;
    public double peakScore;
    public Severity peakSeverity;
    /** RESOLVED only: why it resolved. */
    public AlertResolution resolution;

    public Alert() {}
}
