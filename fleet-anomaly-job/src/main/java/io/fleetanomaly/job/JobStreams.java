package io.fleetanomaly.job;

import io.fleetanomaly.control.ControlResult;
import io.fleetanomaly.events.Alert;
import io.fleetanomaly.events.DeadLetter;
import io.fleetanomaly.events.ScoredEvent;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The job's outputs. {@code deadLetters} holds records the parser rejected and events later than
 * the out-of-orderness bound ({@code LATE_EVENT}); {@code scores} is null unless per-event scores
 * were requested; {@code controlResults} is null unless the job reads a control stream.
 */
public record JobStreams(DataStream<Alert> alerts, DataStream<DeadLetter> deadLetters, DataStream<ScoredEvent> scores,
        DataStream<ControlResult> controlResults) {}
