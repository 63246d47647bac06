package io.fleetanomaly.benchmark;

import io.fleetanomaly.detectors.lstm.LstmAutoencoderScorer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU time of the calling thread: the single-threaded loops of the benchmark are timed with it, so
 * a figure is the work's own cost per core even while other processes load the machine.
 */
final class CpuClock {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CpuClock() {}

    static long threadNanos() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /**
     * Windows per CPU second of ONNX Runtime scoring one batch over and over, after a warm-up. With
     * one intra-op thread ORT computes on the calling thread, so its CPU time is the session's.
     */
    static double ortWindowsPerCpuSecond(
            LstmAutoencoderScorer scorer, float[] windows, int batchSize, double warmUpSeconds, double seconds) {
        runFor(scorer, windows, batchSize, warmUpSeconds);
        long start = threadNanos();
        long calls = runFor(scorer, windows, batchSize, seconds);
        return calls * (double) batchSize / ((threadNanos() - start) / 1e9);
    }

    private static long runFor(LstmAutoencoderScorer scorer, float[] windows, int batchSize, double seconds) {
        long start = threadNanos();
        long budget = (long) (seconds * 1e9);
        long calls = 0;
        double checksum = 0;
        do {
            checksum += scorer.score(windows, batchSize).error(0);
            calls++;
        } while (threadNanos() - start < budget);
        if (Double.isNaN(checksum)) {
            throw new IllegalStateException("a reconstruction error was NaN");
        }
        return calls;
    }
}
