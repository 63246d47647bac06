package io.fleetanomaly.benchmark;

import java.util.List;

/**
 * How many unreported runs of a graph precede its measured throughput run: a fleet job runs for
 * months, so the per-core figure is the steady-state one, and the JIT compiling the graph's code is
 * a start-up cost that should not be in it. Each warm-up run is the measured graph itself (same
 * bundle, parallelism, state backend); another follows while the compiler threads' share of the
 * JVM's CPU in the last run's measured part is above {@link #SETTLED_SHARE} and still falling (below
 * {@link #STILL_FALLING} of the run before), up to a bound. What a run still compiles once the share
 * stops falling is the cost every fresh job pays again (its deployment, methods made not entrant and
 * compiled again), and stays in the measured part.
 */
final class ThroughputWarmUp {
    /** A compiler share at or below this is settled. */
    static final double SETTLED_SHARE = 0.03;
    /** A share above this fraction of the run before has stopped falling. */
    static final double STILL_FALLING = 0.8;

    private final int maxRuns;

    ThroughputWarmUp(int maxRuns) {
        if (maxRuns < 1) {
            throw new IllegalArgumentException("at least one warm-up run per graph, got " + maxRuns);
        }
        this.maxRuns = maxRuns;
    }

    int maxRuns() {
        return maxRuns;
    }

    /** Whether another warm-up run follows these (the compiler shares of the graph's warm-up runs so far, in order). */
    boolean another(List<Double> shares) {
        if (shares.isEmpty()) {
            return true;
        }
        if (shares.size() >= maxRuns) {
            return false;
        }
        double last = shares.get(shares.size() - 1);
        if (last <= SETTLED_SHARE) {
            return false;
        }
        return shares.size() < 2 || last < STILL_FALLING * shares.get(shares.size() - 2);
    }
}
