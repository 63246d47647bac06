package io.fleetanomaly.benchmark;

import io.fleetanomaly.embedded.LiveMetrics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * When the latency job's checkpoints ran during a pass: its {@code numberOfCompletedCheckpoints}
 * metric polled every few milliseconds; each completion, less the checkpoint's
 * {@code lastCheckpointDuration}, is one span from trigger to completion. {@link Tail} says how many
 * of a pass's slowest alerts were raised by events sent while a checkpoint ran.
 */
final class CheckpointLog {
    private static final long POLL_MILLIS = 5;

    /** One checkpoint, from its trigger to its completion ({@link System#nanoTime}). */
    record Span(long startNanos, long endNanos) {
        boolean contains(long nanos) {
            return nanos >= startNanos && nanos <= endNanos;
        }
    }

    /**
     * The slowest 1% of a pass's alerts (at least one), how many of their events were sent while a
     * checkpoint ran, and the share of the sending time checkpoints took: with checkpoints unrelated
     * to the tail, about that share of the slowest alerts would fall in them.
     */
    record Tail(int slowest, int sentDuringCheckpoint, double checkpointShareOfSending, int checkpoints) {
        static Tail of(List<KafkaLatency.Sample> samples, List<Span> spans, long firstSentNanos, long lastSentNanos) {
            List<KafkaLatency.Sample> byLatency = new ArrayList<>(samples);
            byLatency.sort(Comparator.comparingDouble(KafkaLatency.Sample::latencyMs).reversed());
            int slowest = Math.min(byLatency.size(), Math.max(1, (int) Math.ceil(byLatency.size() / 100.0)));
            int during = 0;
            for (KafkaLatency.Sample sample : byLatency.subList(0, slowest)) {
                if (spans.stream().anyMatch(span -> span.contains(sample.sentNanos()))) {
                    during++;
                }
            }
            long covered = 0;
            int inSending = 0;
            for (Span span : spans) {
                long overlap = Math.min(span.endNanos(), lastSentNanos) - Math.max(span.startNanos(), firstSentNanos);
                if (overlap > 0) {
                    covered += overlap;
                    inSending++;
                }
            }
            double share = lastSentNanos > firstSentNanos ? (double) covered / (lastSentNanos - firstSentNanos) : 0;
            return new Tail(samples.isEmpty() ? 0 : slowest, during, share, inSending);
        }
    }

    private final LiveMetrics metrics;
    private final List<Span> spans = new ArrayList<>();
    private final Thread thread = new Thread(this::poll, "benchmark-checkpoint-log");
    private volatile boolean running = true;

    CheckpointLog(LiveMetrics metrics) {
        this.metrics = metrics;
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void stop() throws InterruptedException {
        running = false;
        thread.join(10_000);
    }

    synchronized List<Span> spans() {
        return List.copyOf(spans);
    }

    private void poll() {
        long completed = metrics.sum("numberOfCompletedCheckpoints");
        while (running) {
            long count = metrics.sum("numberOfCompletedCheckpoints");
            if (count > completed) {
                long now = System.nanoTime();
                long durationNanos = metrics.sum("lastCheckpointDuration") * 1_000_000L;
                synchronized (this) {
                    spans.add(new Span(now - durationNanos, now));
                }
                completed = count;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
