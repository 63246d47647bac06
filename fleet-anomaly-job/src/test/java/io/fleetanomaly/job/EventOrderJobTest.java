package io.fleetanomaly.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.events.DeadLetter;
import io.fleetanomaly.events.DeadLetterReason;
import io.fleetanomaly.events.RawRecord;
import io.fleetanomaly.events.ScoredEvent;
import io.fleetanomaly.events.SensorEvent;
import io.fleetanomaly.format.EventJsonWriter;
import io.fleetanomaly.simulator.FleetSimulator;
import io.fleetanomaly.simulator.SimulatorProfile;
import io.fleetanomaly.simulator.SimulatorSettings;
import io.fleetanomaly.testing.TestBundles;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Out-of-order and late events through the whole job: within the out-of-orderness bound they are
 * scored (as they arrive, or in timestamp order with event_order: event_time); more than the bound
 * older than their device's newest event they become LATE_EVENT dead letters.
 */
class EventOrderJobTest {
    static ModelBundle bundle;
    static List<SensorEvent> inOrder;

    @BeforeAll
    static void setUp() {
        bundle = TestBundles.small(SimulatorProfile.INDUSTRIAL);
        FleetSimulator fleet = new FleetSimulator(SimulatorSettings.builder()
                .devices(1).eventsPerDevice(160).seed(11).faultyDeviceFraction(0).build());
        inOrder = new ArrayList<>();
        for (long i = 0; i < fleet.totalEvents(); i++) {
            inOrder.add(fleet.eventAt(i).toSensorEvent());
        }
    }

    /** Neighbours swapped pairwise from event 20 on: one step (1 s) out of order, within the 5 s bound. */
    private static List<SensorEvent> shuffled() {
        List<SensorEvent> events = new ArrayList<>(inOrder);
        for (int i = 20; i + 1 < events.size(); i += 2) {
            Collections.swap(events, i, i + 1);
        }
        return events;
    }

    @Test
    void arrivalOrderScoresOutOfOrderEventsAsTheyArriveAndSendsLateOnesToDeadLetters() throws Exception {
        List<SensorEvent> arriving = shuffled();
        Output out = run(arriving, EventOrder.ARRIVAL);
        assertThat(out.scores).extracting(s -> s.ts).containsExactlyElementsOf(arriving.stream().map(e -> e.ts).toList());
        assertLateEventIsADeadLetter(out);
    }

    @Test
    void eventTimeOrderScoresOutOfOrderEventsInTimestampOrderAsIfTheyHadArrivedInOrder() throws Exception {
        Output shuffled = run(shuffled(), EventOrder.EVENT_TIME);
        Output ordered = run(inOrder, EventOrder.ARRIVAL);
        assertThat(shuffled.scores).extracting(s -> s.ts).containsExactlyElementsOf(inOrder.stream().map(e -> e.ts).toList());
        assertThat(shuffled.scores).extracting(s -> s.fusedScore)
                .containsExactlyElementsOf(ordered.scores.stream().map(s -> s.fusedScore).toList());
        assertLateEventIsADeadLetter(shuffled);
    }

    /**
     * A source of parallelism 1 (the simulator) feeding a job of parallelism 2, three devices (so a
     * round robin over two channels would split every device): the parse step runs
     * at the source's parallelism, so each device's records reach its keyed operator through one
     * channel, in order. (Through a rebalance they would interleave and turn into late events.)
     */
    @Test
    void aSingleSourceFeedingAParallelJobKeepsEachDevicesOrder() throws Exception {
        FleetSimulator fleet = new FleetSimulator(SimulatorSettings.builder()
                .devices(3).eventsPerDevice(600).seed(5).faultyDeviceFraction(0).build());
        List<RawRecord> records = SimulatedRecords.of(fleet, bundle.features());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        DataStream<RawRecord> input = env.fromData(records, TypeInformation.of(RawRecord.class));
        assertThat(input.getParallelism()).isEqualTo(1);
        JobStreams streams = FleetAnomalyJob.buildGraph(input, bundle,
                JobSettings.builder().parallelism(2).emitScores(true).build());
        Output out = collect(env, streams);
        assertThat(out.deadLetters).isEmpty();
        assertThat(out.scores).hasSize(records.size());
        for (String device : out.scores.stream().map(s -> s.deviceId).distinct().toList()) {
            List<Long> times = out.scores.stream().filter(s -> s.deviceId.equals(device)).map(s -> s.ts).toList();
            assertThat(times).isSorted();
        }
    }

    private static void assertLateEventIsADeadLetter(Output out) {
        assertThat(out.deadLetters).hasSize(1);
        DeadLetter letter = out.deadLetters.get(0);
        assertThat(letter.reason).isEqualTo(DeadLetterReason.LATE_EVENT);
        assertThat(new String(letter.raw, java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"ts\":" + inOrder.get(10).ts);
    }

    private record Output(List<ScoredEvent> scores, List<DeadLetter> deadLetters) {}

    /** Runs the job on the events, then a copy of event 10: far more than the bound older than its device's newest. */
    private static Output run(List<SensorEvent> events, EventOrder order) throws Exception {
        EventJsonWriter writer = new EventJsonWriter(bundle.features());
        List<RawRecord> records = new ArrayList<>();
        events.forEach(e -> records.add(RawRecord.of(writer.write(e), "test")));
        records.add(RawRecord.of(writer.write(inOrder.get(10)), "test"));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        DataStream<RawRecord> input = env.fromData(records, TypeInformation.of(RawRecord.class));
        JobSettings settings = JobSettings.builder().parallelism(1).eventOrder(order).emitScores(true).build();
        return collect(env, FleetAnomalyJob.buildGraph(input, bundle, settings));
    }

    private static Output collect(StreamExecutionEnvironment env, JobStreams streams) throws Exception {
        CloseableIterator<ScoredEvent> scores = streams.scores().collectAsync();
        CloseableIterator<DeadLetter> deadLetters = streams.deadLetters().collectAsync();
        JobClient client = env.executeAsync("event-order");
        List<DeadLetter> letters = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> lettersDone = CompletableFuture.runAsync(() -> deadLetters.forEachRemaining(letters::add));
        List<ScoredEvent> scored = new ArrayList<>();
        scores.forEachRemaining(scored::add);
        lettersDone.join();
        client.getJobExecutionResult().get();
        return new Output(scored, letters);
    }
}
