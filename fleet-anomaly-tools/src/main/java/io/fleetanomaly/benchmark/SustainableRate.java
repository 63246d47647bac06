package io.fleetanomaly.benchmark;

import java.util.ArrayList;
import java.util.List;

/**
 * The highest event rate the latency job keeps up with while its producer sends at that rate
 * through the same broker on the same cores: fixed-rate trials, bisected between 0 and an upper
 * bound (the job's rate on a pre-loaded topic with no producer running, which a concurrent
 * producer can only lower). A trial keeps up when the producer managed the rate it was given and
 * the events sent but not yet through the scoring operator when the producer finished are at most
 * {@link #BACKLOG_SECONDS} of sending: a job that falls behind by a share s of the rate ends a
 * trial of T seconds with s·T seconds of backlog, whereas a job that keeps up ends it with what a
 * checkpoint or GC pause held back. A trial that misses narrowly (the producer kept the rate, at most
 * {@link #NARROW_MISS_SECONDS} of backlog) is run once more and the second outcome decides: one
 * pause at the end of a single trial would otherwise send the bisection to the lower half and
 * halve the maximum (seen on a quiet machine: 0.54 s behind at the first trial).
 */
final class SustainableRate {
    /** Most backlog, in seconds of sending at the trial's rate, that a trial may end with and still keep up. */
    static final double BACKLOG_SECONDS = 0.5;
    /** Least share of its rate the producer must achieve: below it the machine could not offer the rate. */
    static final double OFFERED_SHARE = 0.95;
    /** Most backlog, in seconds of sending, of a failed trial that is run once more. */
    static final double NARROW_MISS_SECONDS = 2 * BACKLOG_SECONDS;

    /** Runs the latency job at a rate and reports how the trial ended. */
    interface Trial {
        Outcome run(double rate) throws Exception;
    }

    /**
     * One trial: the rate asked for, the events sent, the seconds from the first to the last send,
     * and the events through the scoring operator when the producer had flushed the last one.
     */
    record Outcome(double rate, long sent, double sendSeconds, long processed) {
        double offeredRate() {
            return sent / sendSeconds;
        }

        long backlog() {
            return sent - processed;
        }

        double backlogSeconds() {
            return backlog() / rate;
        }

        /** Events through the job per second of sending (what it managed when it did not keep up). */
        double processedRate() {
            return processed / sendSeconds;
        }

        boolean keptUp() {
            return offeredRate() >= OFFERED_SHARE * rate && backlogSeconds() <= BACKLOG_SECONDS;
        }

        /** Fell behind, but by little enough that one pause may explain it: worth a second trial. */
        boolean missedNarrowly() {
            return !keptUp() && offeredRate() >= OFFERED_SHARE * rate && backlogSeconds() <= NARROW_MISS_SECONDS;
        }
    }

    /**
     * The search's answer: {@code maximum} is the highest rate a trial kept up with, or, when none
     * did, the highest rate the job processed in a trial ({@code keptUpWithAny} false).
     */
    record Result(double upperBound, double maximum, boolean keptUpWithAny, List<Outcome> trials) {}

    private SustainableRate() {}

    /**
     * Bisects [0, upperBound] with {@code trials} steps, each at the middle of what is still open
     * (a step whose trial missed narrowly runs it twice).
     */
    static Result search(double upperBound, int trials, Trial trial) throws Exception {
        if (!(upperBound > 0) || trials < 1) {
            throw new IllegalArgumentException("need an upper bound > 0 and at least one trial, got " + upperBound + " and "
                    + trials);
        }
        double low = 0;
        double high = upperBound;
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < trials; i++) {
            double rate = (low + high) / 2;
            Outcome outcome = trial.run(rate);
            outcomes.add(outcome);
            if (outcome.missedNarrowly()) {
                outcome = trial.run(rate);
                outcomes.add(outcome);
            }
            if (outcome.keptUp()) {
                low = rate;
            } else {
                high = rate;
            }
        }
        if (low > 0) {
            return new Result(upperBound, low, true, List.copyOf(outcomes));
        }
        double best = outcomes.stream().mapToDouble(Outcome::processedRate).max().orElseThrow();
        return new Result(upperBound, Math.min(best, high), false, List.copyOf(outcomes));
    }
}
