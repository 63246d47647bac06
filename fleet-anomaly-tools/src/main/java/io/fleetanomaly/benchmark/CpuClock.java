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

    /** Passes run and this thread's CPU nanoseconds they took. */
    record Spent(long passes, long nanos) {}

    /** Runs {@code pass} (at least once) until this thread has spent {@code seconds} of CPU time. */
    static Spent runFor(double seconds, Runnable pass) {
        long budget = (long) (seconds * 1e9);
        long start = threadNanos();
        long passes = 0;
        long elapsed;
        do {
            pass.run();
            passes++;
            elapsed = threadNanos() - start;
        } while (elapsed < budget);
        return new Spent(passes, elapsed);
    }

    /**
     * Windows per CPU second of ONNX Runtime scoring one batch over and over, after a warm-up. With
     * one intra-op thread ORT computes on the calling thread, so its CPU time is the session's.
     */
    static double ortWindowsPerCpuSecond(
            LstmAutoencoderScorer scorer, float[] windows, int batchSize, double warmUpSeconds, double seconds) {
        double[] checksum = {0};
        Runnable call = () -> checksum[0] += scorer.score(windows, batchSize).error(0);
        runFor(warmUpSeconds, call);
        Spent spent = runFor(seconds, call);
        if (Double.isNaN(checksum[0])) {
            throw new IllegalStateException("a reconstruction error was NaN");
        }
        return spent.passes() * (double) batchSize / (spent.nanos() / 1e9);
    }
}
