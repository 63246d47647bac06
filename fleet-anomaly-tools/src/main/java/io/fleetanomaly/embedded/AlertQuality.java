package io.fleetanomaly.embedded;

import java.util.Map;
import java.util.TreeMap;

/**
 * Adds up {@link EvaluationRecord}s from all devices into alert-level and event-level quality:
 * precision = alerts that opened on a real anomaly / all alerts opened; recall = labeled episodes
 * an alert covered / all labeled episodes (also per anomaly type); event-level precision and
 * recall treat every event under an open alert as predicted anomalous.
 */
public final class AlertQuality {
    private long alerts;
    private long truePositiveAlerts;
    private long episodes;
    private long detectedEpisodes;
    private long detectionDelaySumMs;
    private final Map<String, long[]> episodesByType = new TreeMap<>();
    private long eventTp;
    private long eventFp;
    private long eventFn;
    private long eventTn;
    private long events;
    private long warmupEvents;

    public void add(EvaluationRecord record) {
        switch (record.kind) {
            case ALERT -> {
                alerts++;
                if (record.truePositive) {
                    truePositiveAlerts++;
                }
            }
            case EPISODE -> {
                episodes++;
                long[] byType = episodesByType.computeIfAbsent(
                        record.anomalyType == null ? "unknown" : record.anomalyType, t -> new long[2]);
                byType[0]++;
                if (record.detected) {
                    detectedEpisodes++;
                    detectionDelaySumMs += record.detectionDelayMs;
                    byType[1]++;
                }
            }
            case DEVICE -> {
                eventTp += record.truePositives;
                eventFp += record.falsePositives;
                eventFn += record.falseNegatives;
                eventTn += record.trueNegatives;
                events += record.events;
                warmupEvents += record.warmupEvents;
            }
        }
    }

    /** Events seen by the evaluation, and those of devices still warming up. */
    public long events() {
        return events;
    }

    public long warmupEvents() {
        return warmupEvents;
    }

    public long alerts() {
        return alerts;
    }

    public long truePositiveAlerts() {
        return truePositiveAlerts;
    }

    public long episodes() {
        return episodes;
    }

    public long detectedEpisodes() {
        return detectedEpisodes;
    }

    /** Alert precision; 1 when no alert was opened (nothing claimed, nothing wrong). */
    public double precision() {
        return alerts == 0 ? 1.0 : (double) truePositiveAlerts / alerts;
    }

    /** Episode recall; 1 when there was nothing to detect. */
    public double recall() {
        return episodes == 0 ? 1.0 : (double) detectedEpisodes / episodes;
    }

    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** Recall per anomaly type. */
    public Map<String, Double> recallByType() {
        Map<String, Double> recall = new TreeMap<>();
        episodesByType.forEach((type, counts) -> recall.put(type, (double) counts[1] / counts[0]));
        return recall;
    }

    /** Episodes per anomaly type: {total, detected}. */
    public Map<String, long[]> episodesByType() {
        Map<String, long[]> copy = new TreeMap<>();
        episodesByType.forEach((type, counts) -> copy.put(type, counts.clone()));
        return copy;
    }

    public double meanDetectionDelayMs() {
        return detectedEpisodes == 0 ? Double.NaN : (double) detectionDelaySumMs / detectedEpisodes;
    }

    public double eventPrecision() {
        return eventTp + eventFp == 0 ? 1.0 : (double) eventTp / (eventTp + eventFp);
    }

    public double eventRecall() {
        return eventTp + eventFn == 0 ? 1.0 : (double) eventTp / (eventTp + eventFn);
    }

    public long[] eventConfusion() {
        return new long[] {eventTp, eventFp, eventFn, eventTn};
    }
}
