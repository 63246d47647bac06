package io.fleetanomaly.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.events.ScoredEvent;
import io.fleetanomaly.events.SensorEvent;
import io.fleetanomaly.simulator.FleetSimulator;
import io.fleetanomaly.simulator.SimulatorProfile;
import io.fleetanomaly.simulator.SimulatorSettings;
import io.fleetanomaly.simulator.SimulatorTrainingData;
import io.fleetanomaly.testing.TestBundles;
import io.fleetanomaly.training.BundleTrainer;
import io.fleetanomaly.training.TrainingSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A savepoint taken with bundle A, resumed with bundle B: with {@code job.on_bundle_change: fail}
 * the job refuses to start naming both; with {@code rewarm} every device warms up again with B and
 * then scores exactly as a new device would; with the same bundle nothing is re-warmed.
 */
class BundleChangeTest {
    static final Duration BOUND = Duration.ofSeconds(5);
    static ModelBundle industrial;
    static ModelBundle telemetry;
    static ModelBundle shorterWindow;
    static List<SensorEvent> industrialEvents;
    static List<SensorEvent> telemetryEvents;

    @BeforeAll
    static void setUp() {
        industrial = TestBundles.small(SimulatorProfile.INDUSTRIAL);
        telemetry = TestBundles.small(SimulatorProfile.TELEMETRY);
        SimulatorSettings normal = SimulatorSettings.builder().profile(SimulatorProfile.INDUSTRIAL)
                .devices(10).eventsPerDevice(400).seed(99).normalOnly(true).build();
        shorterWindow = new BundleTrainer(TrainingSettings.builder("test-industrial-w12").window(12).numTrees(30).build())
                .train(SimulatorTrainingData.of(normal));
        assertThat(shorterWindow.window()).isNotEqualTo(industrial.window());
        industrialEvents = events(SimulatorProfile.INDUSTRIAL);
        // the same device ids, sending the telemetry profile's eight channels
        List<String> industrialIds = industrialEvents.stream().map(e -> e.deviceId).distinct().sorted().toList();
        List<SensorEvent> telemetryFleet = events(SimulatorProfile.TELEMETRY);
        List<String> telemetryIds = telemetryFleet.stream().map(e -> e.deviceId).distinct().sorted().toList();
        telemetryEvents = telemetryFleet.stream()
                .map(e -> new SensorEvent(industrialIds.get(telemetryIds.indexOf(e.deviceId)), e.ts, e.values, e.label,
                        e.anomalyType))
                .toList();
    }

    private static List<SensorEvent> events(SimulatorProfile profile) {
        FleetSimulator fleet = new FleetSimulator(SimulatorSettings.builder().profile(profile)
                .devices(3).eventsPerDevice(200).seed(5).build());
        List<SensorEvent> events = new ArrayList<>();
        for (long i = 0; i < fleet.totalEvents(); i++) {
            events.add(fleet.eventAt(i).toSensorEvent());
        }
        return events;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, SensorEvent, ScoredEvent> harness(
            ModelBundle bundle, BundleChangePolicy policy, EventOrder order) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new DeviceScoringFunction(bundle, order, BOUND, 0, policy)),
                new DeviceIdSelector.OfEvent(), Types.STRING);
    }

    private static OperatorSubtaskState snapshotAfter(ModelBundle bundle, List<SensorEvent> events, EventOrder order)
            throws Exception {
        try (var h = harness(bundle, BundleChangePolicy.FAIL, order)) {
            h.open();
            for (SensorEvent e : events) {
                h.processElement(e, e.ts);
            }
            return h.snapshot(1L, 1L);
        }
    }

    private static List<ScoredEvent> fresh(ModelBundle bundle, List<SensorEvent> events) throws Exception {
        try (var h = harness(bundle, BundleChangePolicy.FAIL, EventOrder.ARRIVAL)) {
            h.open();
            for (SensorEvent e : events) {
                h.processElement(e, e.ts);
            }
            return h.extractOutputValues();
        }
    }

    @Test
    void failRefusesToStartAndNamesBothBundles() throws Exception {
        OperatorSubtaskState snapshot = snapshotAfter(industrial, industrialEvents.subList(0, 300), EventOrder.ARRIVAL);
        for (ModelBundle other : List.of(telemetry, shorterWindow)) {
            try (var h = harness(other, BundleChangePolicy.FAIL, EventOrder.ARRIVAL)) {
                assertThatThrownBy(() -> {
                    h.initializeState(snapshot);
                    h.open();
                }).hasStackTraceContaining("built with model bundle " + industrial.identity().describe())
                        .hasStackTraceContaining("now runs bundle " + other.identity().describe())
                        .hasStackTraceContaining("job.on_bundle_change: rewarm");
            }
        }
    }

    @Test
    void rewarmStartsEveryDeviceAgainWithTheNewBundleOfOtherFeatures() throws Exception {
        OperatorSubtaskState snapshot = snapshotAfter(industrial, industrialEvents.subList(0, 300), EventOrder.ARRIVAL);
        try (var h = harness(telemetry, BundleChangePolicy.REWARM, EventOrder.ARRIVAL)) {
            h.initializeState(snapshot);
            h.open();
            for (SensorEvent e : telemetryEvents) {
                h.processElement(e, e.ts);
            }
            List<ScoredEvent> out = h.extractOutputValues();
            assertThat(out).usingRecursiveFieldByFieldElementComparator()
                    .as("a re-warmed device scores exactly as a new one")
                    .containsExactlyElementsOf(fresh(telemetry, telemetryEvents));
            assertThat(out.stream().filter(s -> s.warmingUp)).hasSize(3 * (telemetry.window() - 1));
        }
    }

    @Test
    void rewarmStartsEveryDeviceAgainWithAnotherWindow() throws Exception {
        OperatorSubtaskState snapshot = snapshotAfter(industrial, industrialEvents.subList(0, 300), EventOrder.ARRIVAL);
        List<SensorEvent> rest = industrialEvents.subList(300, industrialEvents.size());
        try (var h = harness(shorterWindow, BundleChangePolicy.REWARM, EventOrder.ARRIVAL)) {
            h.initializeState(snapshot);
            h.open();
            for (SensorEvent e : rest) {
                h.processElement(e, e.ts);
            }
            assertThat(h.extractOutputValues()).usingRecursiveFieldByFieldElementComparator()
                    .containsExactlyElementsOf(fresh(shorterWindow, rest));
        }
    }

    @ParameterizedTest
    @EnumSource(BundleChangePolicy.class)
    void theSameModelUnderAnotherVersionIsNotAChange(BundleChangePolicy policy) throws Exception {
        List<ScoredEvent> uninterrupted = fresh(industrial, industrialEvents);
        OperatorSubtaskState snapshot = snapshotAfter(industrial, industrialEvents.subList(0, 300), EventOrder.ARRIVAL);
        try (var h = harness(industrial.withVersion("renamed"), policy, EventOrder.ARRIVAL)) {
            h.initializeState(snapshot);
            h.open();
            for (SensorEvent e : industrialEvents.subList(300, industrialEvents.size())) {
                h.processElement(e, e.ts);
            }
            List<ScoredEvent> out = h.extractOutputValues();
            assertThat(out).usingRecursiveFieldByFieldElementComparatorIgnoringFields("modelVersion")
                    .as("no device re-warmed").containsExactlyElementsOf(uninterrupted.subList(300, uninterrupted.size()));
            assertThat(out).allSatisfy(s -> assertThat(s.modelVersion).as("scored by the version now running").isEqualTo("renamed"));
        }
    }

    @Test
    void rewarmInEventTimeOrderKeepsTheHeldEventsThatTheNewBundleReads() throws Exception {
        ModelBundle reweighted = industrial.withWeights(Map.of(ModelBundle.IFOREST, 3.0));
        List<SensorEvent> events = industrialEvents;
        OperatorSubtaskState snapshot = snapshotAfter(industrial, events.subList(0, 300), EventOrder.EVENT_TIME);
        try (var h = harness(reweighted, BundleChangePolicy.REWARM, EventOrder.EVENT_TIME)) {
            h.initializeState(snapshot);
            h.open();
            for (SensorEvent e : events.subList(300, events.size())) {
                h.processElement(e, e.ts);
            }
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            List<ScoredEvent> out = h.extractOutputValues();
            long heldAtTheSavepoint = events.subList(0, 300).stream()
                    .filter(e -> e.ts > events.subList(0, 300).stream().filter(x -> x.deviceId.equals(e.deviceId))
                            .mapToLong(x -> x.ts).max().orElseThrow() - BOUND.toMillis())
                    .count();
            assertThat(heldAtTheSavepoint).isPositive();
            assertThat(out).as("every held and every new event is scored or warms up; none lost")
                    .hasSize((int) heldAtTheSavepoint + events.size() - 300);
            assertThat(out.stream().filter(s -> s.warmingUp)).hasSize(3 * (reweighted.window() - 1));
        }
    }
}
