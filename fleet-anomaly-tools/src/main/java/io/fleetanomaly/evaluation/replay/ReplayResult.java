package io.fleetanomaly.evaluation.replay;

import io.fleetanomaly.events.Alert;
import io.fleetanomaly.events.DeadLetter;
import java.util.List;

/**
 * The outcome of a replay: one record per accepted row, grouped by device in the order of the
 * input series and within a device in time order; the alerts (OPEN, UPDATE, RESOLVED) in the
 * order the job emitted them per device; rows the job rejected (dead letters) and the count of
 * rows it did not score because they arrived behind the watermark.
 */
public record ReplayResult(
        String modelVersion,
        List<String> detectorNames,
        List<ReplayRecord> records,
        List<Alert> alerts,
        List<DeadLetter> deadLetters,
        long lateEvents) {}
