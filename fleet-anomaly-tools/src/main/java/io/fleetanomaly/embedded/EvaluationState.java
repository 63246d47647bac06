package io.fleetanomaly.embedded;

/** Per-device state of {@link DeviceEvaluationFunction}; a Flink POJO. */
public class EvaluationState {
    /** Labeled episode in progress (label 1 since {@link #episodeStart}), if {@link #inEpisode}. */
    public boolean inEpisode;
    public String episodeType;
    public long episodeStart;
    public long episodeLastTs;
    public boolean episodeDetected;
    public long episodeFirstDetectionTs;

    /** End of the last finished episode, for the grace period; Long.MIN_VALUE if none. */
    public long lastEpisodeEnd = Long.MIN_VALUE;
    /** A finished episode not yet detected, which an alert opening within the grace period may still detect. */
    public boolean pendingEpisode;
    public String pendingType;
    public long pendingStart;
    public long pendingEnd;

    public String lastSeenAlertId;

    public long truePositives;
    public long falsePositives;
    public long falseNegatives;
    public long trueNegatives;
    public long events;
    public long warmupEvents;

    public EvaluationState() {}
}
