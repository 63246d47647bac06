package io.fleetanomaly.job.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fleetanomaly.bundle.BundleOverrides;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.control.ControlState;
import io.fleetanomaly.events.ScoredEvent;
import io.fleetanomaly.events.SensorEvent;
import io.fleetanomaly.job.BundleChangePolicy;
import io.fleetanomaly.job.ControlledDeviceScoringOperator;
import io.fleetanomaly.job.DeviceIdSelector;
import io.fleetanomaly.job.DeviceScoringFunction;
import io.fleetanomaly.job.EventOrder;
import io.fleetanomaly.simulator.FleetSimulator;
import io.fleetanomaly.simulator.SimulatorProfile;
import io.fleetanomaly.simulator.SimulatorSettings;
import io.fleetanomaly.simulator.SimulatorTrainingData;
import io.fleetanomaly.testing.TestBundles;
import io.fleetanomaly.training.BundleTrainer;
import io.fleetanomaly.training.TrainingSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device window operator with a control stream, in Flink's keyed broadcast operator harness:
 * a swap takes effect between two events and is announced ahead of the first event it scores; a
 * compatible swap keeps every device's window (re-expressed in the new scaler), a re-warm swap
 * starts them again; a restore brings the last accepted model back.
 */
class ControlledDeviceScoringTest {
    static final Duration BOUND = Duration.ofSeconds(5);
    static final int SWAP_AT = 300;

    @TempDir
    static Path dirs;
    static ModelBundle v1;
    static ModelBundle v2;
    static ModelBundle telemetry;
    static Path v2Dir;
    static Path telemetryDir;
    static List<SensorEvent> events;

    @BeforeAll
    static void setUp() {
        v1 = TestBundles.small(SimulatorProfile.INDUSTRIAL);
        // the same features and window, trained on other normal data: another model and another scaler
        SimulatorSettings otherNormal = SimulatorSettings.builder().profile(SimulatorProfile.INDUSTRIAL)
                .devices(10).eventsPerDevice(400).seed(7).normalOnly(true).build();
        v2 = new BundleTrainer(TrainingSettings.builder("industrial-v2").numTrees(30).build())
                .train(SimulatorTrainingData.of(otherNormal));
        assertThat(v2.scaler().mean()).isNotEqualTo(v1.scaler().mean());
        telemetry = TestBundles.small(SimulatorProfile.TELEMETRY);
        v2Dir = ControlBundles.write(v2, dirs.resolve("v2"));
        telemetryDir = ControlBundles.write(telemetry, dirs.resolve("telemetry"));
        events = events(SimulatorProfile.INDUSTRIAL);
    }

    static List<SensorEvent> events(SimulatorProfile profile) {
        FleetSimulator fleet = new FleetSimulator(SimulatorSettings.builder().profile(profile)
                .devices(3).eventsPerDevice(200).seed(5).build());
        List<SensorEvent> list = new ArrayList<>();
        for (long i = 0; i < fleet.totalEvents(); i++) {
            list.add(fleet.eventAt(i).toSensorEvent());
        }
        return list;
    }

    static ControlledDeviceScoring function(ModelBundle startup) {
        return new ControlledDeviceScoring(
                new DeviceScoringFunction(startup, EventOrder.ARRIVAL, BOUND, 0, BundleChangePolicy.REWARM),
                BundleOverrides.none());
    }

    static KeyedBroadcastOperatorTestHarness<String, SensorEvent, ControlState, ScoredEvent> harness(ModelBundle startup)
            throws Exception {
        return new KeyedBroadcastOperatorTestHarness<>(
                new ControlledDeviceScoringOperator(function(startup)),
                new DeviceIdSelector.OfEvent(), Types.STRING, 128, 1, 0);
    }

    static ControlState accepted(ModelBundle startup, String message) throws Exception {
        try (ControlDecisions decisions = new ControlDecisions(startup)) {
            return decisions.accept(message);
        }
    }

    static void feed(KeyedBroadcastOperatorTestHarness<String, SensorEvent, ControlState, ScoredEvent> h,
            List<SensorEvent> list) throws Exception {
        for (SensorEvent e : list) {
            h.processElement(e, e.ts);
        }
    }

    /** The scored events of a run from the start with this bundle. */
    static List<ScoredEvent> fresh(ModelBundle bundle, List<SensorEvent> list) throws Exception {
        try (var h = harness(bundle)) {
            h.open();
            feed(h, list);
            return h.extractOutputValues();
        }
    }

    @Test
    void aCompatibleSwapTakesEffectBetweenTwoEventsAndDevicesKeepTheirWindows() throws Exception {
        ControlState swap = accepted(v1, ControlBundles.modelMessage("swap", v2Dir, false));
        List<ScoredEvent> out;
        try (var h = harness(v1)) {
            h.open();
            feed(h, events.subList(0, SWAP_AT));
            h.processBroadcastElement(swap, 0);
            feed(h, events.subList(SWAP_AT, events.size()));
            out = h.extractOutputValues();
        }

        int announcedAt = announcementIndex(out);
        assertThat(announcedAt).as("announced after the events before the swap").isEqualTo(SWAP_AT);
        ScoredEvent announcement = out.get(announcedAt);
        assertThat(announcement.announcement.model().version()).isEqualTo("industrial-v2");
        assertThat(announcement.deviceId).as("carries the key of the event after it").isEqualTo(out.get(announcedAt + 1).deviceId);
        assertThat(out.subList(0, announcedAt)).allSatisfy(s -> assertThat(s.modelVersion).isEqualTo(v1.version()));
        List<ScoredEvent> after = out.subList(announcedAt + 1, out.size());
        assertThat(after).hasSize(events.size() - SWAP_AT)
                .allSatisfy(s -> assertThat(s.modelVersion).isEqualTo("industrial-v2"));
        assertThat(after).as("no device warms up again").noneMatch(s -> s.warmingUp);

        // the windows re-expressed in v2's scaler score as v2 scores the devices' history from the start
        List<ScoredEvent> reference = fresh(v2, events).subList(SWAP_AT, events.size());
        for (int i = 0; i < after.size(); i++) {
            assertThat(after.get(i).fusedScore).as("event %d after the swap", i).isCloseTo(reference.get(i).fusedScore, within(1e-3));
        }
    }

    @Test
    void aRewarmSwapToOtherFeaturesStartsEveryDeviceAgain() throws Exception {
        ControlState swap = accepted(v1, ControlBundles.modelMessage("telemetry", telemetryDir, true));
        assertThat(swap.features).as("parsed into the start-up features, then the new ones")
                .startsWith(v1.features().toArray(new String[0])).contains(telemetry.features().toArray(new String[0]));
        List<SensorEvent> telemetryEvents = inParseOrder(sameDevices(events(SimulatorProfile.TELEMETRY)), swap.features);
        List<ScoredEvent> out;
        try (var h = harness(v1)) {
            h.open();
            feed(h, events.subList(0, SWAP_AT));
            h.processBroadcastElement(swap, 0);
            feed(h, telemetryEvents);
            out = h.extractOutputValues();
        }
        int announcedAt = announcementIndex(out);
        List<ScoredEvent> after = out.subList(announcedAt + 1, out.size());
        assertThat(after).allSatisfy(s -> assertThat(s.modelVersion).isEqualTo(telemetry.version()));
        assertThat(after.stream().filter(s -> s.warmingUp)).as("each of the 3 devices warms up again")
                .hasSize(3 * (telemetry.window() - 1));
        assertThat(after.get(after.size() - 1).sensorContributions).hasSize(telemetry.featureCount());
    }

    @Test
    void afterARestoreTheLastAcceptedModelIsInForceAndAnnouncedFirst() throws Exception {
        ControlState swap = accepted(v1, ControlBundles.modelMessage("swap", v2Dir, false));
        List<ScoredEvent> uninterrupted;
        OperatorSubtaskState snapshot;
        try (var h = harness(v1)) {
            h.open();
            feed(h, events.subList(0, SWAP_AT));
            h.processBroadcastElement(swap, 0);
            feed(h, events.subList(SWAP_AT, SWAP_AT + 30));
            snapshot = h.snapshot(1, 1);
            feed(h, events.subList(SWAP_AT + 30, events.size()));
            List<ScoredEvent> all = h.extractOutputValues();
            uninterrupted = all.subList(SWAP_AT + 31, all.size());
        }
        // the same job (start-up bundle v1) restored from the checkpoint
        try (var h = harness(v1)) {
            h.initializeState(snapshot);
            h.open();
            feed(h, events.subList(SWAP_AT + 30, events.size()));
            List<ScoredEvent> out = h.extractOutputValues();
            assertThat(out.get(0).isAnnouncement()).as("the restored model is announced first").isTrue();
            assertThat(out.get(0).announcement.model().version()).isEqualTo("industrial-v2");
            assertThat(out.subList(1, out.size())).usingRecursiveFieldByFieldElementComparator()
                    .as("scored as without the restore").containsExactlyElementsOf(uninterrupted);
        }
    }

    @Test
    void aRestartWithAnotherBundleDropsWhatTheControlStreamPutInForce() throws Exception {
        ControlState swap = accepted(v1, ControlBundles.modelMessage("swap", v2Dir, false));
        OperatorSubtaskState snapshot;
        try (var h = harness(v1)) {
            h.open();
            feed(h, events.subList(0, SWAP_AT));
            h.processBroadcastElement(swap, 0);
            snapshot = h.snapshot(1, 1);
        }
        ModelBundle redeployed = v1.withWeights(Map.of(ModelBundle.IFOREST, 3.0)).withVersion("industrial-redeployed");
        try (var h = harness(redeployed)) {
            h.initializeState(snapshot);
            h.open();
            feed(h, events.subList(SWAP_AT, events.size()));
            List<ScoredEvent> out = h.extractOutputValues().stream().filter(s -> !s.isAnnouncement()).toList();
            assertThat(out).allSatisfy(s -> assertThat(s.modelVersion).isEqualTo("industrial-redeployed"));
            assertThat(out.stream().filter(s -> s.warmingUp)).as("job.on_bundle_change: rewarm")
                    .hasSize(3 * (redeployed.window() - 1));
            ControlledDeviceScoring function = (ControlledDeviceScoring) ((CoBroadcastWithKeyedOperator<?, ?, ?, ?>)
                    h.getOperator()).getUserFunction();
            assertThat(function.inForce().sequence).isZero();
        }
    }

    private static int announcementIndex(List<ScoredEvent> out) {
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).isAnnouncement()) {
                at.add(i);
            }
        }
        assertThat(at).as("one announcement").hasSize(1);
        return at.get(0);
    }

    /** Telemetry events under the industrial fleet's device ids. */
    private static List<SensorEvent> sameDevices(List<SensorEvent> telemetryEvents) {
        List<String> ids = events.stream().map(e -> e.deviceId).distinct().sorted().toList();
        List<String> theirs = telemetryEvents.stream().map(e -> e.deviceId).distinct().sorted().toList();
        long last = events.get(events.size() - 1).ts;
        long first = telemetryEvents.get(0).ts;
        return telemetryEvents.stream()
                .map(e -> new SensorEvent(ids.get(theirs.indexOf(e.deviceId)), e.ts - first + last + 1000, e.values, e.label,
                        e.anomalyType))
                .toList();
    }

    /** The events as the parse step writes them after the swap: values in the control state's parse order. */
    private static List<SensorEvent> inParseOrder(List<SensorEvent> telemetryEvents, String[] parseOrder) {
        List<String> order = Arrays.asList(parseOrder);
        Set<String> seen = new HashSet<>();
        return telemetryEvents.stream().map(e -> {
            double[] values = new double[order.size()];
            Arrays.fill(values, Double.NaN);
            for (int j = 0; j < telemetry.featureCount(); j++) {
                values[order.indexOf(telemetry.features().get(j))] = e.values[j];
            }
            seen.add(e.deviceId);
            return new SensorEvent(e.deviceId, e.ts, values, e.label, e.anomalyType);
        }).toList();
    }
}
