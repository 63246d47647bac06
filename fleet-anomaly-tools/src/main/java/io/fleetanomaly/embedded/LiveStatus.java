package io.fleetanomaly.embedded;

import io.fleetanomaly.events.Severity;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One status line every few seconds while the job runs, from the job's own metrics
 * ({@link LiveMetrics}): events per second since the last line and in all, devices in state, open
 * alerts and the alerts opened by severity, dead letters and late events since start, and, when the
 * job reads Kafka, the consumer lag (records behind the end of the events topic).
 */
public final class LiveStatus implements AutoCloseable {
    private final LiveMetrics metrics;
    private final PrintStream out;
    private final long startedNanos;
    private final ScheduledExecutorService timer;
    private long lastEvents;
    private long lastNanos;

    private LiveStatus(LiveMetrics metrics, Duration interval, PrintStream out) {
        this.metrics = metrics;
        this.out = out;
        this.startedNanos = System.nanoTime();
        this.lastNanos = startedNanos;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "fleet-anomaly-status");
            thread.setDaemon(true);
            return thread;
        });
        long ms = interval.toMillis();
        timer.scheduleAtFixedRate(() -> out.println(line(System.nanoTime())), ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Prints a line every {@code interval} until closed. */
    public static LiveStatus start(LiveMetrics metrics, Duration interval, PrintStream out) {
        return new LiveStatus(metrics, interval, out);
    }

    /** The status line now; advances the events-per-second baseline. */
    synchronized String line(long nowNanos) {
        long events = metrics.sum("events_accepted");
        String line = describe(metrics, events, nowNanos - startedNanos, lastEvents, nowNanos - lastNanos);
        lastEvents = events;
        lastNanos = nowNanos;
        return line;
    }

    /**
     * The status line from the metrics: {@code elapsedNanos} since the start, and the events per
     * second since the last line ({@code eventsBefore} then, {@code intervalNanos} ago).
     */
    static String describe(LiveMetrics metrics, long elapsedNanos, long eventsBefore, long intervalNanos) {
        return describe(metrics, metrics.sum("events_accepted"), elapsedNanos, eventsBefore, intervalNanos);
    }

    private static String describe(LiveMetrics metrics, long events, long elapsedNanos, long eventsBefore,
            long intervalNanos) {
        double rate = intervalNanos > 0 ? (events - eventsBefore) / (intervalNanos / 1e9) : 0;
        List<String> parts = new ArrayList<>();
        parts.add(String.format(Locale.ROOT, "events %,d (%,.0f/s)", events, rate));
        parts.add(String.format(Locale.ROOT, "devices in state %,d", metrics.sum("devices_in_state")));
        if (metrics.has("open_alerts") || metrics.has("alerts_opened")) {
            StringBuilder opened = new StringBuilder();
            for (Severity severity : Severity.values()) {
                String name = severity.name().toLowerCase(Locale.ROOT);
                opened.append(opened.length() == 0 ? "" : ", ").append(name).append(' ')
                        .append(metrics.sum("alerts_opened", "severity", name));
            }
            parts.add(String.format(Locale.ROOT, "open alerts %,d (opened: %s)", metrics.sum("open_alerts"), opened));
        }
        parts.add(String.format(Locale.ROOT, "dead letters %,d", metrics.sum("dead_letters")));
        parts.add(String.format(Locale.ROOT, "late events %,d", metrics.sum("late_events")));
        if (metrics.has("pendingRecords")) {
            parts.add(String.format(Locale.ROOT, "consumer lag %,d", metrics.sum("pendingRecords")));
        }
        return String.format(Locale.ROOT, "status %s  %s", elapsed(elapsedNanos), String.join(" | ", parts));
    }

    private static String elapsed(long nanos) {
        long s = TimeUnit.NANOSECONDS.toSeconds(nanos);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
