package io.fleetanomaly.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetanomaly.bundle.MahalanobisMode;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.events.DeadLetter;
import io.fleetanomaly.events.DeadLetterReason;
import io.fleetanomaly.events.ScoredEvent;
import io.fleetanomaly.events.SensorEvent;
import io.fleetanomaly.format.EventJsonParser;
import io.fleetanomaly.format.TimestampRange;
import io.fleetanomaly.simulator.FleetSimulator;
import io.fleetanomaly.simulator.SimulatorProfile;
import io.fleetanomaly.simulator.SimulatorSettings;
import io.fleetanomaly.testing.TestBundles;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class DeviceScoringFunctionTest {
    static final java.time.Duration BOUND = java.time.Duration.ofSeconds(5);
    static ModelBundle fleetBundle;
    static List<SensorEvent> events;

    @BeforeAll
    static void setUp() {
        fleetBundle = TestBundles.small(SimulatorProfile.INDUSTRIAL);
        SimulatorSettings settings = SimulatorSettings.builder()
                .devices(4).eventsPerDevice(240).seed(5).faultyDeviceFraction(1.0).faultFreeWarmupEvents(80)
                .missingRate(0.05).build();
        FleetSimulator fleet = new FleetSimulator(settings);
        events = new ArrayList<>();
        for (long i = 0; i < fleet.totalEvents(); i++) {
            events.add(fleet.eventAt(i).toSensorEvent());
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, SensorEvent, ScoredEvent> harness(ModelBundle bundle)
            throws Exception {
        return harness(bundle, EventOrder.ARRIVAL);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, SensorEvent, ScoredEvent> harness(ModelBundle bundle,
            EventOrder order) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new DeviceScoringFunction(bundle, order, BOUND, 0)),
                new DeviceIdSelector.OfEvent(),
                Types.STRING);
    }

    private static ModelBundle withMode(MahalanobisMode mode) {
        return fleetBundle.withMahalanobisSettings(fleetBundle.mahalanobisSettings().withMode(mode));
    }

    @Test
    void recordTypesAreFlinkPojosNotKryo() {
        assertThat(TypeInformation.of(ScoredEvent.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(SensorEvent.class)).isInstanceOf(PojoTypeInfo.class);
    }

    @ParameterizedTest
    @EnumSource(MahalanobisMode.class)
    void warmsUpPerDeviceThenScoresEveryEvent(MahalanobisMode mode) throws Exception {
        ModelBundle bundle = withMode(mode);
        int warmup = mode == MahalanobisMode.DEVICE
                ? Math.max(bundle.window(), bundle.mahalanobisSettings().deviceWarmupEvents())
                : bundle.window();
        try (var h = harness(bundle)) {
            h.open();
            for (SensorEvent e : events) {
                h.processElement(e, e.ts);
            }
            List<ScoredEvent> out = h.extractOutputValues();
            assertThat(out).hasSize(events.size());
            assertThat(out.stream().filter(s -> s.warmingUp)).hasSize(4 * (warmup - 1));
            for (ScoredEvent s : out) {
                if (!s.warmingUp) {
                    assertThat(s.detectorScores).hasSize(2);
                    for (double v : s.detectorScores) {
                        assertThat(v).isBetween(0.0, 50.0);
                    }
                    assertThat(s.fusedScore).isBetween(0.0, 50.0);
                    double share = 0;
                    for (double c : s.sensorContributions) {
                        share += c;
                    }
                    assertThat(share).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
                }
            }
            long imputed = out.stream().filter(s -> s.imputedMask != 0).count();
            assertThat(imputed).isGreaterThan(0);
        }
    }

    @ParameterizedTest
    @EnumSource(MahalanobisMode.class)
    void snapshotAndRestoreMidStreamGiveIdenticalOutput(MahalanobisMode mode) throws Exception {
        ModelBundle bundle = withMode(mode);
        int cut = events.size() / 3; // inside the device-mode warm-up of some devices, past it for none
        List<ScoredEvent> uninterrupted;
        OperatorSubtaskState snapshot;
        try (var h = harness(bundle)) {
            h.open();
            for (int i = 0; i < events.size(); i++) {
                h.processElement(events.get(i), events.get(i).ts);
            }
            uninterrupted = h.extractOutputValues();
        }
        List<ScoredEvent> restored;
        try (var first = harness(bundle)) {
            first.open();
            for (int i = 0; i < cut; i++) {
                first.processElement(events.get(i), events.get(i).ts);
            }
            snapshot = first.snapshot(1L, 1L);
        }
        try (var second = harness(bundle)) {
            second.initializeState(snapshot);
            second.open();
            for (int i = cut; i < events.size(); i++) {
                second.processElement(events.get(i), events.get(i).ts);
            }
            restored = second.extractOutputValues();
        }
        List<ScoredEvent> expected = uninterrupted.subList(cut, uninterrupted.size());
        assertThat(restored).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(expected);
    }

    @ParameterizedTest
    @EnumSource(EventOrder.class)
    void eventsMoreThanTheBoundOlderThanTheirDevicesNewestAreLateDeadLettersNotScored(EventOrder order) throws Exception {
        try (var h = harness(fleetBundle, order)) {
            h.open();
            SensorEvent first = events.get(0);
            SensorEvent newest = new SensorEvent(first.deviceId, first.ts + 10_000, first.values.clone(), 0, null);
            SensorEvent late = new SensorEvent(first.deviceId, first.ts + 4_000, first.values.clone(), 0, null);
            SensorEvent withinBound = new SensorEvent(first.deviceId, first.ts + 10_000, first.values.clone(), 0, null);
            SensorEvent otherDevice = new SensorEvent("another-device", first.ts, first.values.clone(), 0, null);
            for (SensorEvent e : List.of(first, newest, late, withinBound, otherDevice)) {
                h.processElement(e, e.ts);
            }
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(h.extractOutputValues()).extracting(e -> e.deviceId + "@" + (e.ts - first.ts)).containsExactlyInAnyOrder(
                    first.deviceId + "@0", first.deviceId + "@10000", first.deviceId + "@10000", "another-device@0");
            var letters = new ArrayList<>(h.getSideOutput(DeviceScoringFunction.LATE_EVENTS));
            assertThat(letters).hasSize(1);
            DeadLetter letter = letters.get(0).getValue();
            assertThat(letter.reason).isEqualTo(DeadLetterReason.LATE_EVENT);
            assertThat(letter.detail).contains("6000 ms older than the device's newest event");
            var parsed = new EventJsonParser(fleetBundle.features(), TimestampRange.defaults()).parse(letter.raw);
            assertThat(parsed.isAccepted()).as("the dead letter keeps the event itself").isTrue();
            assertThat(parsed.event().ts).isEqualTo(late.ts);
            assertThat(parsed.event().values).containsExactly(late.values);
        }
    }

    /**
     * Issue 12: one event dated 23 h ahead (inside the 24 h future bound) sent every genuine event of
     * its device after it to LATE_EVENT. An unconfirmed jump is undone by the next event that
     * continues from before it; a jump a second event confirms (a device back after a gap) stands.
     */
    @ParameterizedTest
    @EnumSource(EventOrder.class)
    void oneEventDatedFarAheadCannotBlackOutItsDevice(EventOrder order) throws Exception {
        List<SensorEvent> device = events.stream().filter(e -> e.deviceId.equals(events.get(0).deviceId)).toList();
        long hour = 3_600_000L;
        try (var h = harness(fleetBundle, order)) {
            h.open();
            for (int i = 0; i < 10; i++) {
                h.processElement(device.get(i), device.get(i).ts);
            }
            SensorEvent glitch = copyAt(device.get(10), device.get(10).ts + 23 * hour);
            h.processElement(glitch, glitch.ts);
            for (int i = 11; i < 40; i++) { // the genuine events go on from before the glitch
                h.processElement(device.get(i), device.get(i).ts);
            }
            assertThat(h.getSideOutput(DeviceScoringFunction.LATE_EVENTS)).as("late events after the glitch").isNullOrEmpty();

            // a real gap: the device is back two hours later, and its next event confirms the new time
            SensorEvent back = copyAt(device.get(40), device.get(39).ts + 2 * hour);
            SensorEvent next = copyAt(device.get(41), back.ts + 1000);
            h.processElement(back, back.ts);
            h.processElement(next, next.ts);
            SensorEvent stale = copyAt(device.get(42), device.get(39).ts + 1000);
            h.processElement(stale, stale.ts);
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            var late = new ArrayList<>(h.getSideOutput(DeviceScoringFunction.LATE_EVENTS));
            assertThat(late).hasSize(1);
            assertThat(late.get(0).getValue().detail).contains("older than the device's newest event");
            assertThat(h.extractOutputValues()).hasSize(40 + 2); // the glitch is scored too
        }
    }

    private static SensorEvent copyAt(SensorEvent e, long ts) {
        return new SensorEvent(e.deviceId, ts, e.values.clone(), e.label, e.anomalyType);
    }

    @Test
    void aLaggingDeviceIsScoredEvenWhenTheWatermarkIsFarAhead() throws Exception {
        try (var h = harness(fleetBundle, EventOrder.ARRIVAL)) {
            h.open();
            SensorEvent first = events.get(0);
            h.processWatermark(new Watermark(first.ts + 3_600_000));
            h.processElement(first, first.ts);
            assertThat(h.extractOutputValues()).hasSize(1);
            assertThat(h.getSideOutput(DeviceScoringFunction.LATE_EVENTS)).isNullOrEmpty();
        }
    }

    @Test
    void eventTimeOrderHoldsEventsForTheBoundAndScoresThemSorted() throws Exception {
        List<SensorEvent> device = events.stream().filter(e -> e.deviceId.equals(events.get(0).deviceId)).toList();
        List<ScoredEvent> inOrder;
        try (var h = harness(fleetBundle, EventOrder.ARRIVAL)) {
            h.open();
            for (SensorEvent e : device) {
                h.processElement(e, e.ts);
            }
            inOrder = h.extractOutputValues();
        }
        // Swap neighbours pairwise: every other event arrives one step (1 s) early, within the 5 s bound.
        List<SensorEvent> shuffled = new ArrayList<>(device);
        for (int i = 0; i + 1 < shuffled.size(); i += 2) {
            java.util.Collections.swap(shuffled, i, i + 1);
        }
        try (var h = harness(fleetBundle, EventOrder.EVENT_TIME)) {
            h.open();
            long newest = Long.MIN_VALUE;
            for (SensorEvent e : shuffled) {
                h.processElement(e, e.ts);
                newest = Math.max(newest, e.ts);
                long cutoff = newest - BOUND.toMillis();
                assertThat(h.extractOutputValues()).as("released once the device's newest event is the bound ahead")
                        .hasSize((int) device.stream().filter(d -> d.ts <= cutoff).count());
            }
            assertThat(h.getSideOutput(DeviceScoringFunction.LATE_EVENTS)).isNullOrEmpty();
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(h.extractOutputValues()).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(inOrder);
        }
        assertThat(inOrder).extracting(e -> e.ts).isSorted().hasSize(device.size());
    }

    @Test
    void arrivalOrderScoresAtOnce() throws Exception {
        try (var h = harness(fleetBundle, EventOrder.ARRIVAL)) {
            h.open();
            SensorEvent first = events.get(0);
            h.processElement(first, first.ts);
            assertThat(h.extractOutputValues()).hasSize(1);
        }
    }

    @Test
    void faultsScoreHigherThanNormalEvents() throws Exception {
        try (var h = harness(fleetBundle)) {
            h.open();
            for (SensorEvent e : events) {
                h.processElement(e, e.ts);
            }
            double normal = h.extractOutputValues().stream().filter(s -> !s.warmingUp && s.label == 0)
                    .mapToDouble(s -> s.fusedScore).average().orElseThrow();
            double anomalous = h.extractOutputValues().stream().filter(s -> !s.warmingUp && s.label == 1)
                    .mapToDouble(s -> s.fusedScore).average().orElseThrow();
            assertThat(normal).isBetween(0.3, 3.0);
            assertThat(anomalous).isGreaterThan(2 * normal);
        }
    }

    @Test
    void eventTimeOrderKeepsOneTimerPerDeviceWhateverItHolds() throws Exception {
        try (var h = harness(fleetBundle, EventOrder.EVENT_TIME)) {
            h.open();
            SensorEvent first = events.get(0);
            for (int i = 0; i < 4; i++) { // four events within the bound: all held
                h.processElement(new SensorEvent(first.deviceId, first.ts + i * 1000, first.values.clone(), 0, null), 0);
            }
            h.processElement(new SensorEvent("another-device", first.ts, first.values.clone(), 0, null), 0);
            assertThat(h.extractOutputValues()).isEmpty();
            assertThat(h.numEventTimeTimers()).as("one per device, not one per event").isEqualTo(2);
            h.processWatermark(new Watermark(first.ts + BOUND.toMillis() + 1500)); // passes the first two by the bound
            assertThat(h.extractOutputValues()).extracting(e -> e.deviceId + "@" + (e.ts - first.ts))
                    .containsExactlyInAnyOrder(first.deviceId + "@0", first.deviceId + "@1000", "another-device@0");
            assertThat(h.numEventTimeTimers()).as("re-armed for the device still holding events").isEqualTo(1);
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(h.extractOutputValues()).hasSize(5);
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void eventTimeOrderScoresEqualTimestampsInArrivalOrder() throws Exception {
        try (var h = harness(fleetBundle, EventOrder.EVENT_TIME)) {
            h.open();
            SensorEvent first = events.get(0);
            for (int label = 0; label < 3; label++) {
                h.processElement(new SensorEvent(first.deviceId, first.ts + 2000, first.values.clone(), label, null), 0);
            }
            h.processElement(new SensorEvent(first.deviceId, first.ts + 1000, first.values.clone(), 9, null), 0);
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(h.extractOutputValues()).extracting(e -> e.label).containsExactly(9, 0, 1, 2);
        }
    }

    @Test
    void eventTimeOrderRestoresHeldEventsAndTheirTimer() throws Exception {
        List<SensorEvent> device = events.stream().filter(e -> e.deviceId.equals(events.get(0).deviceId)).toList();
        List<SensorEvent> shuffled = new ArrayList<>(device);
        for (int i = 0; i + 1 < shuffled.size(); i += 2) {
            java.util.Collections.swap(shuffled, i, i + 1);
        }
        List<ScoredEvent> uninterrupted;
        try (var h = harness(fleetBundle, EventOrder.EVENT_TIME)) {
            h.open();
            for (SensorEvent e : shuffled) {
                h.processElement(e, e.ts);
            }
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            uninterrupted = h.extractOutputValues();
        }
        int cut = shuffled.size() / 2 + 1;
        OperatorSubtaskState snapshot;
        int scoredBeforeCut;
        try (var h = harness(fleetBundle, EventOrder.EVENT_TIME)) {
            h.open();
            for (int i = 0; i < cut; i++) {
                h.processElement(shuffled.get(i), shuffled.get(i).ts);
            }
            scoredBeforeCut = h.extractOutputValues().size();
            snapshot = h.snapshot(1L, 1L);
        }
        try (var h = harness(fleetBundle, EventOrder.EVENT_TIME)) {
            h.initializeState(snapshot);
            h.open();
            assertThat(h.numEventTimeTimers()).as("the held events' timer survives the restore").isEqualTo(1);
            for (int i = cut; i < shuffled.size(); i++) {
                h.processElement(shuffled.get(i), shuffled.get(i).ts);
            }
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(h.extractOutputValues()).usingRecursiveFieldByFieldElementComparator()
                    .containsExactlyElementsOf(uninterrupted.subList(scoredBeforeCut, uninterrupted.size()));
        }
    }

    @Test
    void aFleetModeDeviceKeepsOnlyItsHotState() throws Exception {
        try (var h = harness(withMode(MahalanobisMode.FLEET))) {
            h.open();
            for (SensorEvent e : events) {
                h.processElement(e, e.ts);
            }
            assertThat(h.numKeyedStateEntries()).as("one device-window entry per device").isEqualTo(4);
        }
        try (var h = harness(withMode(MahalanobisMode.DEVICE))) {
            h.open();
            for (SensorEvent e : events) {
                h.processElement(e, e.ts);
            }
            assertThat(h.numKeyedStateEntries()).as("device-window and device-models per device; warm-ups cleared")
                    .isEqualTo(8);
        }
    }
}
