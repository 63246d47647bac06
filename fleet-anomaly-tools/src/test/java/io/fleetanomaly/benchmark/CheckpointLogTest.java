package io.fleetanomaly.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which of a pass's slowest alerts were sent while a checkpoint ran, and how much of the sending checkpoints took. */
class CheckpointLogTest {
    private static final long MS = 1_000_000L;

    @Test
    void countsTheSlowestPercentSentDuringACheckpoint() {
        // 300 alerts, one per 10 ms of sending from 0 to 2,990 ms; 1% = the 3 slowest
        List<KafkaLatency.Sample> samples = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            samples.add(new KafkaLatency.Sample(i * 10 * MS, 20));
        }
        samples.set(100, new KafkaLatency.Sample(1000 * MS, 400)); // in the checkpoint below
        samples.set(101, new KafkaLatency.Sample(1010 * MS, 300)); // in it
        samples.set(250, new KafkaLatency.Sample(2500 * MS, 200)); // outside every checkpoint
        List<CheckpointLog.Span> spans = List.of(
                new CheckpointLog.Span(950 * MS, 1250 * MS), // 300 ms inside the sending
                new CheckpointLog.Span(2900 * MS, 3200 * MS), // 90 ms of it before the last send
                new CheckpointLog.Span(5000 * MS, 5100 * MS)); // after the sending

        CheckpointLog.Tail tail = CheckpointLog.Tail.of(samples, spans, 0, 2990 * MS);

        assertThat(tail.slowest()).isEqualTo(3);
        assertThat(tail.sentDuringCheckpoint()).isEqualTo(2);
        assertThat(tail.checkpoints()).isEqualTo(2);
        assertThat(tail.checkpointShareOfSending()).isCloseTo(390.0 / 2990, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void theSlowestOfAFewAlertsIsAtLeastOne() {
        List<KafkaLatency.Sample> samples = List.of(new KafkaLatency.Sample(10 * MS, 50), new KafkaLatency.Sample(20 * MS, 90));

        CheckpointLog.Tail tail = CheckpointLog.Tail.of(samples, List.of(new CheckpointLog.Span(15 * MS, 25 * MS)), 0, 30 * MS);

        assertThat(tail.slowest()).isEqualTo(1);
        assertThat(tail.sentDuringCheckpoint()).isEqualTo(1);
    }

    @Test
    void noAlertsNoTail() {
        CheckpointLog.Tail tail = CheckpointLog.Tail.of(List.of(), List.of(), 0, 1000 * MS);

        assertThat(tail.slowest()).isZero();
        assertThat(tail.sentDuringCheckpoint()).isZero();
        assertThat(tail.checkpoints()).isZero();
    }
}
