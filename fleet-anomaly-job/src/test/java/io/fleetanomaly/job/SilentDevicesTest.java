package io.fleetanomaly.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.events.ScoredEvent;
import io.fleetanomaly.events.SensorEvent;
import io.fleetanomaly.simulator.FleetSimulator;
import io.fleetanomaly.simulator.SimulatorProfile;
import io.fleetanomaly.simulator.SimulatorSettings;
import io.fleetanomaly.testing.TestBundles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The window operator forgets a device silent for {@code job.device_state_ttl} of event time (its
 * window, warm-up and models), counts the devices it holds ({@code devices_in_state}, right after a
 * restore too), and a device that comes back after its state was cleared warms up again.
 */
class SilentDevicesTest {
    static final Duration TTL = Duration.ofHours(1);
    static ModelBundle bundle;
    static List<SensorEvent> events;

    @BeforeAll
    static void setUp() {
        bundle = TestBundles.small(SimulatorProfile.INDUSTRIAL);
        FleetSimulator fleet = new FleetSimulator(SimulatorSettings.builder()
                .devices(4).eventsPerDevice(60).seed(7).faultyDeviceFraction(0).build());
        events = new ArrayList<>();
        for (long i = 0; i < fleet.totalEvents(); i++) {
            events.add(fleet.eventAt(i).toSensorEvent());
        }
    }

    private record Harness(KeyedOneInputStreamOperatorTestHarness<String, SensorEvent, ScoredEvent> harness,
            DeviceScoringFunction function) {}

    private static Harness harness() throws Exception {
        JobSettings settings = JobSettings.builder().deviceStateTtl(TTL).deviceIdleTimeout(Duration.ofMinutes(10)).build();
        DeviceScoringFunction function = new DeviceScoringFunction(bundle, settings);
        return new Harness(new KeyedOneInputStreamOperatorTestHarness<>(
                new DeviceScoringOperator(function), new DeviceIdSelector.OfEvent(), Types.STRING), function);
    }

    private static SensorEvent at(SensorEvent e, long ts) {
        return new SensorEvent(e.deviceId, ts, e.values.clone(), e.label, e.anomalyType);
    }

    @Test
    void aDeviceSilentForTheTtlIsForgottenAndWarmsUpAgainWhenItComesBack() throws Exception {
        Harness h = harness();
        try (var harness = h.harness()) {
            harness.open();
            for (SensorEvent e : events) {
                harness.processElement(e, e.ts);
            }
            assertThat(h.function().devicesInState()).isEqualTo(4);
            int entries = harness.numKeyedStateEntries();
            String silent = events.get(0).deviceId;
            long lastOfSilent = events.stream().filter(e -> e.deviceId.equals(silent)).mapToLong(e -> e.ts).max().orElseThrow();
            // the three others keep sending, one event a minute, for 2 hours; the watermark follows them
            long ts = events.get(events.size() - 1).ts;
            for (int minute = 1; minute <= 120; minute++) {
                ts += 60_000;
                for (SensorEvent e : events.subList(events.size() - 3, events.size())) {
                    harness.processElement(at(e, ts), ts);
                }
                harness.processWatermark(new Watermark(ts - 5_000));
                boolean expired = ts - 5_000 >= lastOfSilent + TTL.toMillis();
                assertThat(h.function().devicesInState()).as("minute %d", minute).isEqualTo(expired ? 3 : 4);
            }
            assertThat(harness.numKeyedStateEntries()).as("the silent device's state is gone")
                    .isLessThan(entries);
            harness.processElement(at(events.get(0), ts), ts);
            List<ScoredEvent> out = harness.extractOutputValues();
            ScoredEvent back = out.get(out.size() - 1);
            assertThat(back.deviceId).isEqualTo(silent);
            assertThat(back.warmingUp).as("it warms up again").isTrue();
            assertThat(h.function().devicesInState()).isEqualTo(4);
        }
    }

    @Test
    void theEndOfABoundedInputIsNotSilence() throws Exception {
        Harness h = harness();
        try (var harness = h.harness()) {
            harness.open();
            for (SensorEvent e : events) {
                harness.processElement(e, e.ts);
            }
            int entries = harness.numKeyedStateEntries();
            harness.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(harness.numKeyedStateEntries()).isEqualTo(entries);
            assertThat(h.function().devicesInState()).isEqualTo(4);
        }
    }

    @Test
    void devicesInStateIsCountedFromTheRestoredState() throws Exception {
        OperatorSubtaskState snapshot;
        Harness first = harness();
        try (var harness = first.harness()) {
            harness.open();
            for (SensorEvent e : events) {
                harness.processElement(e, e.ts);
            }
            snapshot = harness.snapshot(1L, 1L);
        }
        Harness restored = harness();
        try (var harness = restored.harness()) {
            harness.initializeState(snapshot);
            harness.open();
            assertThat(restored.function().devicesInState()).isEqualTo(4);
            // the expiry timers came back with the state: silence after the restore still clears it
            long ts = events.get(events.size() - 1).ts + TTL.toMillis() + 60_000;
            harness.processWatermark(new Watermark(ts));
            assertThat(restored.function().devicesInState()).isZero();
            assertThat(harness.numKeyedStateEntries()).isZero();
        }
    }
}
