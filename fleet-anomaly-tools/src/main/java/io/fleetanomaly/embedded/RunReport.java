package io.fleetanomaly.embedded;

import io.fleetanomaly.events.Alert;
import io.fleetanomaly.events.AlertStatus;
import io.fleetanomaly.events.DeadLetter;
import io.fleetanomaly.events.DeadLetterReason;
import io.fleetanomaly.events.Severity;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** What an embedded run produced, and the summary printed at its end. */
public final class RunReport {
    private final String modelVersion;
    private final List<Alert> alerts;
    private final Map<DeadLetterReason, Long> deadLetters;
    private final AlertQuality quality;
    private final long runtimeMs;

    private RunReport(Builder b) {
        this.modelVersion = b.modelVersion;
        this.alerts = List.copyOf(b.alerts);
        Map<DeadLetterReason, Long> letters = new EnumMap<>(DeadLetterReason.class);
        letters.putAll(b.deadLetters);
        this.deadLetters = Collections.unmodifiableMap(letters);
        this.quality = b.quality;
        this.runtimeMs = b.runtimeMs;
    }

    static Builder builder(String modelVersion) {
        return new Builder(modelVersion);
    }

    public List<Alert> alerts() {
        return alerts;
    }

    public List<Alert> alerts(AlertStatus status) {
        return alerts.stream().filter(a -> a.status == status).toList();
    }

    public Map<Severity, Long> openedBySeverity() {
        Map<Severity, Long> counts = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) {
            counts.put(s, 0L);
        }
        alerts(AlertStatus.OPEN).forEach(a -> counts.merge(a.severity, 1L, Long::sum));
        return counts;
    }

    public Map<DeadLetterReason, Long> deadLetters() {
        return deadLetters;
    }

    public long deadLetterCount() {
        return deadLetters.values().stream().mapToLong(Long::longValue).sum();
    }

    public AlertQuality quality() {
        return quality;
    }

    public long runtimeMs() {
        return runtimeMs;
    }

    public double eventsPerSecond() {
        long records = quality.events() + deadLetterCount();
        return runtimeMs <= 0 ? Double.NaN : records * 1000.0 / runtimeMs;
    }

    public void print(PrintStream out) {
        AlertQuality q = quality;
        out.println("== fleet-anomaly summary (model " + modelVersion + ")");
        out.printf(Locale.ROOT, "events          %,d (%,d warming up)   dead letters %,d%s%n", q.events(), q.warmupEvents(),
                deadLetterCount(), deadLetters.isEmpty() ? "" : " " + formatCounts(deadLetters));
        out.printf(Locale.ROOT, "throughput      %,.0f events/s (job runtime %.2f s, MiniCluster)%n", eventsPerSecond(),
                runtimeMs / 1000.0);
        out.printf(Locale.ROOT, "alerts opened   %d  %s   (updates %d, resolved %d)%n", alerts(AlertStatus.OPEN).size(),
                formatCounts(openedBySeverity()), alerts(AlertStatus.UPDATE).size(), alerts(AlertStatus.RESOLVED).size());
        out.printf(Locale.ROOT, "precision       %.3f  (%d of %d alerts opened on a labeled anomaly)%n", q.precision(),
                q.truePositiveAlerts(), q.alerts());
        out.printf(Locale.ROOT, "recall          %.3f  (%d of %d labeled anomalies alerted)   mean delay %.1f s%n",
                q.recall(), q.detectedEpisodes(), q.episodes(), q.meanDetectionDelayMs() / 1000.0);
        String byType = q.episodesByType().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()[1] + "/" + e.getValue()[0])
                .collect(Collectors.joining(", "));
        out.println("  by type       " + (byType.isEmpty() ? "(no labeled anomalies)" : byType));
        long[] c = q.eventConfusion();
        out.printf(Locale.ROOT, "event level     precision %.3f recall %.3f  (TP %d FP %d FN %d TN %d; an event under an open alert counts as flagged)%n",
                q.eventPrecision(), q.eventRecall(), c[0], c[1], c[2], c[3]);
    }

    private static String formatCounts(Map<? extends Enum<?>, Long> counts) {
        return counts.entrySet().stream()
                .map(e -> e.getKey().name() + " " + e.getValue())
                .collect(Collectors.joining(", ", "[", "]"));
    }

    static final class Builder {
        private final String modelVersion;
        private final List<Alert> alerts = Collections.synchronizedList(new ArrayList<>());
        private final Map<DeadLetterReason, Long> deadLetters = Collections.synchronizedMap(new EnumMap<>(DeadLetterReason.class));
        private AlertQuality quality = new AlertQuality();
        private long runtimeMs;

        private Builder(String modelVersion) {
            this.modelVersion = modelVersion;
        }

        void alert(Alert alert) {
            alerts.add(alert);
        }

        void deadLetter(DeadLetter letter) {
            deadLetters.merge(letter.reason, 1L, Long::sum);
        }

        Builder quality(AlertQuality quality) {
            this.quality = quality;
            return this;
        }

        Builder runtimeMs(long runtimeMs) {
            this.runtimeMs = runtimeMs;
            return this;
        }

        RunReport build() {
            synchronized (alerts) {
                synchronized (deadLetters) {
                    return new RunReport(this);
                }
            }
        }
    }
}
