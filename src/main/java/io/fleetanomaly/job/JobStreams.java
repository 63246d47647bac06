package io.fleetanomaly.job;

import io.fleetanomaly.events.Alert;
import io.fleetanomaly.events.DeadLetter;
import io.fleetanomaly.events.ScoredEvent;
import io.fleetanomaly.events.SensorEvent;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The job's outputs; {@code scores} is null unless per-event scores were requested; {@code lateEvents}
 * are events later than the out-of-orderness bound (not scored, counted as {@code late_events}).
 */
public record JobStreams(
        DataStream<Alert> alerts,
        DataStream<DeadLetter> deadLetters,
        DataStream<ScoredEvent> scores,
        DataStream<SensorEvent> lateEvents) {}
