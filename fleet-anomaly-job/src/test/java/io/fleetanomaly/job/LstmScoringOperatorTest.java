package io.fleetanomaly.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.events.ScoredEvent;
import io.fleetanomaly.events.SensorEvent;
import io.fleetanomaly.scoring.DeviceScorer;
import io.fleetanomaly.scoring.InMemoryDeviceState;
import io.fleetanomaly.simulator.FleetSimulator;
import io.fleetanomaly.simulator.SimulatorProfile;
import io.fleetanomaly.simulator.SimulatorSettings;
import io.fleetanomaly.testing.TestBundles;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LstmScoringOperatorTest {
    static ModelBundle bundle;
    static List<SensorEvent> events;

    @BeforeAll
    static void setUp() {
        bundle = TestBundles.shipped(SimulatorProfile.TELEMETRY);
        assertThat(bundle.hasLstm()).as("the shipped telemetry bundle has an LSTM autoencoder").isTrue();
        FleetSimulator fleet = new FleetSimulator(SimulatorSettings.builder()
                .profile(SimulatorProfile.TELEMETRY).devices(5).eventsPerDevice(200).seed(8)
                .faultyDeviceFraction(1.0).faultFreeWarmupEvents(60).build());
        events = new ArrayList<>();
        for (long i = 0; i < fleet.totalEvents(); i++) {
            events.add(fleet.eventAt(i).toSensorEvent());
        }
    }

    /** Fresh native scoring of all events: the operator's input, with windows attached. */
    private static List<ScoredEvent> nativeScores() {
        DeviceScorer scorer = new DeviceScorer(bundle);
        Map<String, InMemoryDeviceState> states = new HashMap<>();
        List<ScoredEvent> out = new ArrayList<>();
        for (SensorEvent e : events) {
            out.add(scorer.score(states.computeIfAbsent(e.deviceId, d -> scorer.newDevice()), e));
        }
        return out;
    }

    private static OneInputStreamOperatorTestHarness<ScoredEvent, ScoredEvent> harness(int batchSize) throws Exception {
        LstmSettings settings = new LstmSettings(batchSize, 60_000, LstmSettings.defaults().session());
        return new OneInputStreamOperatorTestHarness<>(new LstmScoringOperator(
                bundle.lstm(), bundle.detectorIndex(ModelBundle.LSTM_AE), bundle.fusion(), settings));
    }

    private static List<ScoredEvent> runAll(int batchSize) throws Exception {
        try (var h = harness(batchSize)) {
            h.open();
            for (ScoredEvent e : nativeScores()) {
                h.processElement(e, e.ts);
            }
            h.endInput();
            return h.extractOutputValues();
        }
    }

    @Test
    void everyWarmEventGetsAnLstmScoreAndFinishedFusion() throws Exception {
        List<ScoredEvent> out = runAll(64);
        assertThat(out).hasSize(events.size());
        int lstm = bundle.detectorIndex(ModelBundle.LSTM_AE);
        for (ScoredEvent e : out) {
            assertThat(e.window).isNull();
            if (!e.warmingUp) {
                assertThat(e.detectorScores).hasSize(3);
                assertThat(e.detectorScores[lstm]).isBetween(0.0, 50.0);
                double fused = 0;
                double[] w = bundle.detectorWeights();
                for (int d = 0; d < 3; d++) {
                    fused += w[d] * e.detectorScores[d];
                }
                assertThat(e.fusedScore).isCloseTo(fused, org.assertj.core.data.Offset.offset(1e-9));
                assertThat(java.util.Arrays.stream(e.sensorContributions).sum())
                        .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
            }
        }
    }

    @Test
    void batchSizeOneAndSixtyFourGiveTheSameResultsInTheSameOrder() throws Exception {
        List<ScoredEvent> one = runAll(1);
        List<ScoredEvent> many = runAll(64);
        assertThat(many).usingRecursiveFieldByFieldElementComparator(
                        org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration.builder()
                                .withComparatorForType(
                                        (Double a, Double b) -> Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a)) ? 0 : 1,
                                        Double.class)
                                .build())
                .containsExactlyElementsOf(one);
    }

    @Test
    void keepsArrivalOrderAndFlushesBeforeWatermarks() throws Exception {
        List<ScoredEvent> input = nativeScores();
        try (var h = harness(1000)) {
            h.open();
            for (int i = 0; i < 300; i++) {
                h.processElement(input.get(i), input.get(i).ts);
            }
            assertThat(h.extractOutputValues()).as("all held: batch not full, no timer yet").isEmpty();
            h.processWatermark(new Watermark(input.get(299).ts));
            List<Object> output = new ArrayList<>(h.getOutput());
            assertThat(output).hasSize(301);
            assertThat(output.get(300)).isInstanceOf(Watermark.class);
            assertThat(h.extractOutputValues()).extracting(e -> e.deviceId + "@" + e.ts)
                    .containsExactlyElementsOf(input.subList(0, 300).stream().map(e -> e.deviceId + "@" + e.ts).toList());
        }
    }

    @Test
    void flushesWhenTheOldestWindowHasWaitedLongEnough() throws Exception {
        List<ScoredEvent> input = nativeScores();
        LstmSettings settings = new LstmSettings(1000, 50, LstmSettings.defaults().session());
        try (var h = new OneInputStreamOperatorTestHarness<ScoredEvent, ScoredEvent>(new LstmScoringOperator(
                bundle.lstm(), bundle.detectorIndex(ModelBundle.LSTM_AE), bundle.fusion(), settings))) {
            h.open();
            h.setProcessingTime(1_000);
            for (int i = 0; i < 200; i++) {
                h.processElement(input.get(i), input.get(i).ts);
            }
            h.setProcessingTime(1_049);
            assertThat(h.extractOutputValues()).isEmpty();
            h.setProcessingTime(1_050);
            assertThat(h.extractOutputValues()).hasSize(200);
        }
    }

    @Test
    void eachEventKeepsItsOwnTimestampOrItsAbsenceThroughTheBuffer() throws Exception {
        List<ScoredEvent> input = nativeScores().subList(0, 400);
        try (var h = harness(64)) {
            h.open();
            for (int i = 0; i < input.size(); i++) {
                ScoredEvent e = input.get(i);
                if (i % 3 == 0) {
                    h.processElement(new StreamRecord<>(e)); // no timestamp
                } else {
                    h.processElement(new StreamRecord<>(e, e.ts + i));
                }
            }
            h.endInput();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < input.size(); i++) {
                expected.add(input.get(i).deviceId + "@" + input.get(i).ts + (i % 3 == 0 ? " none" : " " + (input.get(i).ts + i)));
            }
            List<String> actual = new ArrayList<>();
            for (Object element : h.getOutput()) {
                @SuppressWarnings("unchecked")
                StreamRecord<ScoredEvent> record = (StreamRecord<ScoredEvent>) element;
                actual.add(record.getValue().deviceId + "@" + record.getValue().ts
                        + (record.hasTimestamp() ? " " + record.getTimestamp() : " none"));
            }
            assertThat(actual).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void checkpointWithWindowsInFlightThenRestoreGivesTheSameOutput() throws Exception {
        List<ScoredEvent> uninterrupted = runAll(64);
        List<ScoredEvent> input = nativeScores();
        int cut = 500; // not a multiple of 64: windows are buffered when the checkpoint starts
        List<ScoredEvent> beforeCheckpoint;
        OperatorSubtaskState snapshot;
        try (var h = harness(64)) {
            h.open();
            for (int i = 0; i < cut; i++) {
                h.processElement(input.get(i), input.get(i).ts);
            }
            assertThat(h.extractOutputValues().size()).as("windows in flight").isLessThan(cut);
            h.prepareSnapshotPreBarrier(1L);
            snapshot = h.snapshot(1L, 1L);
            beforeCheckpoint = h.extractOutputValues();
            assertThat(beforeCheckpoint).as("nothing left behind the barrier").hasSize(cut);
        }
        List<ScoredEvent> afterRestore;
        try (var h = harness(64)) {
            h.initializeState(snapshot);
            h.open();
            for (int i = cut; i < input.size(); i++) {
                h.processElement(input.get(i), input.get(i).ts);
            }
            h.endInput();
            afterRestore = h.extractOutputValues();
        }
        List<ScoredEvent> combined = new ArrayList<>(beforeCheckpoint);
        combined.addAll(afterRestore);
        assertThat(combined).extracting(e -> e.deviceId + "@" + e.ts + "=" + e.fusedScore)
                .containsExactlyElementsOf(uninterrupted.stream().map(e -> e.deviceId + "@" + e.ts + "=" + e.fusedScore).toList());
    }
}
