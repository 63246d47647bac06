package io.fleetanomaly.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.control.AlertingOverrides;
import io.fleetanomaly.control.ModelAnnouncement;
import io.fleetanomaly.control.ModelLineage;
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
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The LSTM operator of a job with a control stream switches model on each announcement: what it
 * holds is scored with the model before, the announcement goes on to the alert operator, and a
 * model without an LSTM autoencoder passes its (already fused) events through.
 */
class LstmModelSwitchTest {
    static ModelBundle withLstm;
    static ModelBundle nativeOnly;
    static List<SensorEvent> events;

    @BeforeAll
    static void setUp() {
        withLstm = TestBundles.shipped(SimulatorProfile.TELEMETRY);
        nativeOnly = withLstm.withoutLstm().withVersion("telemetry-native-only");
        FleetSimulator fleet = new FleetSimulator(SimulatorSettings.builder()
                .profile(SimulatorProfile.TELEMETRY).devices(3).eventsPerDevice(200).seed(8).build());
        events = new ArrayList<>();
        for (long i = 0; i < fleet.totalEvents(); i++) {
            events.add(fleet.eventAt(i).toSensorEvent());
        }
    }

    /** The device window operator's output for these events under one model, as it stamps them. */
    static List<ScoredEvent> scoredBy(ModelBundle bundle, List<SensorEvent> list, Map<String, InMemoryDeviceState> states) {
        DeviceScorer scorer = new DeviceScorer(bundle);
        List<ScoredEvent> out = new ArrayList<>();
        for (SensorEvent e : list) {
            ScoredEvent s = scorer.score(states.computeIfAbsent(e.deviceId, d -> scorer.newDevice()), e);
            s.modelVersion = bundle.version();
            out.add(s);
        }
        return out;
    }

    static ScoredEvent announce(ModelBundle bundle, String deviceId) {
        return ScoredEvent.announcing(ModelAnnouncement.of(1, bundle, AlertingOverrides.none(), new ModelLineage[0]), deviceId);
    }

    static OneInputStreamOperatorTestHarness<ScoredEvent, ScoredEvent> harness(ModelBundle startup) throws Exception {
        return new OneInputStreamOperatorTestHarness<>(
                LstmScoringOperator.forModel(startup, new LstmSettings(1000, 60_000, LstmSettings.defaults().session())));
    }

    @Test
    void scoresWhatItHoldsWithTheModelBeforeThenSwitches() throws Exception {
        Map<String, InMemoryDeviceState> states = new HashMap<>();
        List<ScoredEvent> before = scoredBy(withLstm, events.subList(0, 300), states);
        List<ScoredEvent> after = scoredBy(nativeOnly, events.subList(300, 600), new HashMap<>());
        List<ScoredEvent> out;
        try (var h = harness(withLstm)) {
            h.open();
            for (ScoredEvent e : before) {
                h.processElement(e, e.ts);
            }
            assertThat(h.extractOutputValues()).as("batch not full yet").isEmpty();
            h.processElement(announce(nativeOnly, after.get(0).deviceId), after.get(0).ts);
            assertThat(h.extractOutputValues()).as("flushed ahead of the announcement").hasSize(301);
            for (ScoredEvent e : after) {
                h.processElement(e, e.ts);
            }
            h.endInput();
            out = h.extractOutputValues();
        }
        assertThat(out).hasSize(601);
        int lstm = withLstm.detectorIndex(ModelBundle.LSTM_AE);
        assertThat(out.subList(0, 300)).allSatisfy(e -> {
            assertThat(e.window).isNull();
            if (!e.warmingUp) {
                assertThat(e.detectorScores).hasSize(3);
                assertThat(e.detectorScores[lstm]).as("scored by the LSTM of the model before").isBetween(0.0, 50.0);
            }
        });
        assertThat(out.subList(0, 300).stream().filter(e -> !e.warmingUp).mapToDouble(e -> e.detectorScores[lstm]).sum())
                .isPositive();
        assertThat(out.get(300).isAnnouncement()).as("forwarded to the alert operator, in order").isTrue();
        assertThat(out.subList(301, 601)).allSatisfy(e -> {
            assertThat(e.modelVersion).isEqualTo(nativeOnly.version());
            if (!e.warmingUp) {
                assertThat(e.detectorScores).as("native detectors only").hasSize(2);
            }
        });
    }

    @Test
    void aModelWithAnLstmAfterOneWithoutScoresItsWindows() throws Exception {
        List<ScoredEvent> after = scoredBy(withLstm, events, new HashMap<>());
        try (var h = harness(nativeOnly)) {
            h.open();
            h.processElement(announce(withLstm, after.get(0).deviceId), after.get(0).ts);
            for (ScoredEvent e : after) {
                h.processElement(e, e.ts);
            }
            h.endInput();
            List<ScoredEvent> out = h.extractOutputValues();
            assertThat(out.subList(1, out.size())).filteredOn(e -> !e.warmingUp).isNotEmpty()
                    .allSatisfy(e -> assertThat(e.detectorScores).hasSize(3));
        }
    }

    @Test
    void anEventOfAModelNotAnnouncedFailsLoudly() throws Exception {
        List<ScoredEvent> other = scoredBy(nativeOnly, events.subList(0, 10), new HashMap<>());
        try (var h = harness(withLstm)) {
            h.open();
            assertThatThrownBy(() -> h.processElement(other.get(0), other.get(0).ts))
                    .hasMessageContaining("scored by model " + nativeOnly.version())
                    .hasMessageContaining("without an announcement");
        }
    }
}
