package io.fleetanomaly.embedded;

import io.fleetanomaly.events.ScoredEvent;
import io.fleetanomaly.events.SensorEvent;
import java.io.Serializable;
import java.util.function.Consumer;

/**
 * Compares one device's alerts with its labels, event by event (Flink-free; state in
 * {@link EvaluationState}). A labeled episode is a run of label-1 events; it is detected when an
 * alert is open during it or opens within the grace period after it. An alert is a true positive
 * when it opens during an episode or within the grace period after one.
 */
public final class AlertLabelMatcher implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long graceMs;

    public AlertLabelMatcher(long graceMs) {
        if (graceMs < 0) {
            throw new IllegalArgumentException("grace must be >= 0 ms, got " + graceMs);
        }
        this.graceMs = graceMs;
    }

    public void observe(EvaluationState s, ScoredEvent event, Consumer<EvaluationRecord> out) {
        boolean alertOpen = event.openAlertId != null;
        boolean newAlert = alertOpen && !event.openAlertId.equals(s.lastSeenAlertId);
        boolean anomalous = event.label == 1;

        if (s.inEpisode && (!anomalous || !sameType(s.episodeType, event.anomalyType))) {
            closeEpisode(s, event.deviceId, out);
        }
        if (s.pendingEpisode && event.ts - s.pendingEnd > graceMs) {
            emitPending(s, event.deviceId, false, 0, out);
        }
        if (anomalous && !s.inEpisode) {
            s.inEpisode = true;
            s.episodeType = event.anomalyType;
            s.episodeStart = event.ts;
            s.episodeDetected = false;
        }
        if (s.inEpisode) {
            s.episodeLastTs = event.ts;
            if (alertOpen && !s.episodeDetected) {
                s.episodeDetected = true;
                s.episodeFirstDetectionTs = event.ts;
            }
        }
        if (newAlert) {
            boolean withinGrace = s.lastEpisodeEnd != Long.MIN_VALUE && event.ts - s.lastEpisodeEnd <= graceMs;
            out.accept(EvaluationRecord.alert(event.deviceId, event.openAlertId, event.ts, s.inEpisode || withinGrace));
            if (s.pendingEpisode) {
                emitPending(s, event.deviceId, true, event.ts - s.pendingStart, out);
            }
            s.lastSeenAlertId = event.openAlertId;
        }
        s.events++;
        if (event.warmingUp) {
            s.warmupEvents++;
        }
        if (!event.warmingUp && event.label != SensorEvent.LABEL_UNKNOWN) {
            if (anomalous && alertOpen) {
                s.truePositives++;
            } else if (anomalous) {
                s.falseNegatives++;
            } else if (alertOpen) {
                s.falsePositives++;
            } else {
                s.trueNegatives++;
            }
        }
    }

    /** Closes what is open and emits the device's totals; call once at the end of input. */
    public void finish(EvaluationState s, String deviceId, Consumer<EvaluationRecord> out) {
        if (s.inEpisode) {
            closeEpisode(s, deviceId, out);
        }
        if (s.pendingEpisode) {
            emitPending(s, deviceId, false, 0, out);
        }
        EvaluationRecord totals = new EvaluationRecord();
        totals.kind = EvaluationRecord.Kind.DEVICE;
        totals.deviceId = deviceId;
        totals.truePositives = s.truePositives;
        totals.falsePositives = s.falsePositives;
        totals.falseNegatives = s.falseNegatives;
        totals.trueNegatives = s.trueNegatives;
        totals.events = s.events;
        totals.warmupEvents = s.warmupEvents;
        out.accept(totals);
    }

    private static boolean sameType(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }

    private static void closeEpisode(EvaluationState s, String deviceId, Consumer<EvaluationRecord> out) {
        s.inEpisode = false;
        s.lastEpisodeEnd = s.episodeLastTs;
        if (s.episodeDetected) {
            out.accept(EvaluationRecord.episode(deviceId, s.episodeType, s.episodeStart, s.episodeLastTs, true,
                    s.episodeFirstDetectionTs - s.episodeStart));
        } else {
            if (s.pendingEpisode) {
                // two undetected episodes within one grace period: the older one cannot wait any longer
                emitPending(s, deviceId, false, 0, out);
            }
            s.pendingEpisode = true;
            s.pendingType = s.episodeType;
            s.pendingStart = s.episodeStart;
            s.pendingEnd = s.episodeLastTs;
        }
    }

    private static void emitPending(EvaluationState s, String deviceId, boolean detected, long delay, Consumer<EvaluationRecord> out) {
        out.accept(EvaluationRecord.episode(deviceId, s.pendingType, s.pendingStart, s.pendingEnd, detected, delay));
        s.pendingEpisode = false;
    }
}
