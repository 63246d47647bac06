package io.fleetanomaly.benchmark;

import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * When a job on a MiniCluster in this JVM started its measured part and when its last sink saw
 * the end of input, with the JVM's CPU time at both: the source marks the start when a reader
 * emits the first event past the warm-up (every device's window is full), the sinks mark the end.
 * Events per second = measured events / wall time; per core = measured events / CPU seconds.
 */
final class RunProbe implements AutoCloseable {
    private static final Map<String, RunProbe> PROBES = new ConcurrentHashMap<>();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    static final CompilerCpu COMPILERS = CompilerCpu.detect();

    private final Handle handle;
    private final AtomicLong startNanos = new AtomicLong();
    private final AtomicLong startCpuNanos = new AtomicLong();
    private final AtomicLong endNanos = new AtomicLong();
    private final AtomicLong endCpuNanos = new AtomicLong();
    private volatile Map<String, Long> startCompilers = Map.of();
    private volatile Map<String, Long> endCompilers = Map.of();
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    private RunProbe(long[] startIndices) {
        this.handle = new Handle(UUID.randomUUID().toString(), startIndices.clone());
        PROBES.put(handle.id, this);
    }

    /** A probe whose measured part starts when any of these source indices is emitted. */
    static RunProbe startingAt(long... startIndices) {
        return new RunProbe(startIndices);
    }

    Handle handle() {
        return handle;
    }

    static long processCpuNanos() {
        return OS.getProcessCpuTime();
    }

    boolean complete() {
        return startNanos.get() != 0 && endNanos.get() != 0;
    }

    double seconds() {
        return (endNanos.get() - startNanos.get()) / 1e9;
    }

    double cpuSeconds() {
        return (endCpuNanos.get() - startCpuNanos.get()) / 1e9;
    }

    /** CPU seconds of the JIT compiler threads in the measured part ({@link CompilerCpu}). */
    double compilerCpuSeconds() {
        return CompilerCpu.since(startCompilers, endCompilers) / 1e9;
    }

    /** Elements the sinks of this label received. */
    long count(String label) {
        AtomicLong count = counts.get(label);
        return count == null ? 0 : count.get();
    }

    @Override
    public void close() {
        PROBES.remove(handle.id);
    }

    private void markStart() {
        if (startNanos.get() != 0) {
            return;
        }
        // the compilers first and the JVM's CPU last, so reading /proc falls outside the measured CPU
        Map<String, Long> compilers = COMPILERS.snapshot();
        long now = System.nanoTime();
        long cpu = processCpuNanos();
        if (startNanos.compareAndSet(0, now)) {
            startCpuNanos.set(cpu);
            startCompilers = compilers;
        }
    }

    private synchronized void markEnd() {
        long now = System.nanoTime();
        if (now > endNanos.get()) {
            endNanos.set(now);
            endCpuNanos.set(processCpuNanos());
            endCompilers = COMPILERS.snapshot();
        }
    }

    /** What the job's functions carry: serialisable, resolved to the probe in this JVM. */
    static final class Handle implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String id;
        private final long[] startIndices;

        private Handle(String id, long[] startIndices) {
            this.id = id;
            this.startIndices = startIndices;
        }

        void emitted(long index) {
            for (long start : startIndices) {
                if (index == start) {
                    RunProbe probe = PROBES.get(id);
                    if (probe != null) {
                        probe.markStart();
                    }
                    return;
                }
            }
        }

        void endOfInput(String label, long elements) {
            RunProbe probe = PROBES.get(id);
            if (probe != null) {
                probe.counts.computeIfAbsent(label, l -> new AtomicLong()).addAndGet(elements);
                probe.markEnd();
            }
        }
    }
}
