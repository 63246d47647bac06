package io.fleetanomaly.evaluation.replay;

import io.fleetanomaly.events.Alert;
import io.fleetanomaly.events.DeadLetter;
import java.util.List;

/**
 * The outcome of a replay: one record per scored row, grouped by device in the order of the
 * input series and within a device in row (arrival) order; the alerts (OPEN, UPDATE, RESOLVED) in
 * the order the job emitted them per device; rows the job rejected (dead letters); the count of
 * rows it did not score because they came more than the out-of-orderness bound behind their
 * device's newest row (late events); and what the input held ({@link ReplayInput}).
 */
public record ReplayResult(
        String modelVersion,
        List<String> detectorNames,
        List<ReplayRecord> records,
        List<Alert> alerts,
        List<DeadLetter> deadLetters,
        long lateEvents,
        ReplayInput input) {

    /** One line on what the replayed rows held and what the job made of them, for a summary. */
    public String inputSummary(long outOfOrdernessMs) {
        return input.describe(lateEvents, deadLetters.size(), outOfOrdernessMs);
    }
}
