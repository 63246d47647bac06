package io.fleetanomaly.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FleetSimulatorTest {

    private static SimulatorSettings settings(SimulatorProfile profile) {
        return SimulatorSettings.builder().profile(profile).eventsPerDevice(600).faultFreeWarmupEvents(150).build();
    }

    private static List<SimulatedEvent> sequential(FleetSimulator fleet) {
        List<SimulatedEvent> events = new ArrayList<>();
        for (long index = 0; index < fleet.totalEvents(); index++) {
            events.add(fleet.eventAt(index));
        }
        return events;
    }

    @ParameterizedTest
    @EnumSource(SimulatorProfile.class)
    void sameSettingsGiveIdenticalEvents(SimulatorProfile profile) {
        List<SimulatedEvent> first = sequential(new FleetSimulator(settings(profile)));
        List<SimulatedEvent> second = sequential(new FleetSimulator(settings(profile)));
        assertThat(first).hasSize(30_000).isEqualTo(second);
        assertThat(new FleetSimulator(settings(profile)).faultPlan())
                .isEqualTo(new FleetSimulator(settings(profile)).faultPlan());
    }

    @ParameterizedTest
    @EnumSource(SimulatorProfile.class)
    void randomAccessInAnyOrderEqualsSequentialReading(SimulatorProfile profile) {
        List<SimulatedEvent> expected = sequential(new FleetSimulator(settings(profile)));
        List<Long> indices = new ArrayList<>();
        for (long index = 0; index < expected.size(); index += 13) {
            indices.add(index);
        }
        Collections.shuffle(indices, new Random(1));
        FleetSimulator randomAccess = new FleetSimulator(settings(profile));
        for (long index : indices) {
            assertThat(randomAccess.eventAt(index)).as("index %d", index).isEqualTo(expected.get((int) index));
        }
    }

    @Test
    void aFreshFleetReadingOneIndexDirectlyGivesTheSequentialEvent() {
        SimulatorSettings settings = settings(SimulatorProfile.INDUSTRIAL);
        List<SimulatedEvent> expected = sequential(new FleetSimulator(settings));
        for (long index : new long[] {0, 1, 49, 50, 7_777, 15_001, 29_999}) {
            assertThat(new FleetSimulator(settings).eventAt(index)).isEqualTo(expected.get((int) index));
        }
    }

    @Test
    void aDeserializedFleetContinuesWithTheSameEvents() throws Exception {
        SimulatorSettings settings = settings(SimulatorProfile.INDUSTRIAL);
        FleetSimulator fleet = new FleetSimulator(settings);
        for (long index = 0; index < 10_000; index++) {
            fleet.eventAt(index);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(fleet);
        }
        FleetSimulator restored;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            restored = (FleetSimulator) in.readObject();
        }
        FleetSimulator reference = new FleetSimulator(settings);
        for (long index = 10_000; index < 10_500; index++) {
            assertThat(restored.eventAt(index)).isEqualTo(reference.eventAt(index));
        }
        assertThat(restored.faultPlan()).isEqualTo(fleet.faultPlan());
    }

    @ParameterizedTest
    @EnumSource(SimulatorProfile.class)
    void aDeviceSimulatorProducesItsDevicesEventsOfTheFleet(SimulatorProfile profile) {
        SimulatorSettings settings = settings(profile);
        FleetSimulator fleet = new FleetSimulator(settings);
        for (int device : new int[] {0, 17, 49}) {
            DeviceSimulator simulator = new DeviceSimulator(settings, device);
            assertThat(simulator.faultEpisodes()).isEqualTo(fleet.faultPlan(device));
            for (int step = 0; step < settings.eventsPerDevice(); step++) {
                assertThat(simulator.step()).isEqualTo(step);
                assertThat(simulator.next()).isEqualTo(fleet.eventAt(fleet.indexOf(device, step)));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SimulatorProfile.class)
    void differentSeedsGiveDifferentFleets(SimulatorProfile profile) {
        FleetSimulator a = new FleetSimulator(settings(profile));
        FleetSimulator b = new FleetSimulator(settings(profile).toBuilder().seed(43).build());
        int differentValues = 0;
        int comparable = 0;
        for (long index = 0; index < 5_000; index++) {
            SimulatedEvent x = a.eventAt(index);
            SimulatedEvent y = b.eventAt(index);
            assertThat(x.deviceId()).isEqualTo(y.deviceId());
            assertThat(x.ts()).isEqualTo(y.ts());
            for (int i = 0; i < x.featureCount(); i++) {
                if (!Double.isNaN(x.value(i)) && !Double.isNaN(y.value(i))) {
                    comparable++;
                    if (x.value(i) != y.value(i)) {
                        differentValues++;
                    }
                }
            }
        }
        // Readings are rounded to the sensor's resolution, so a few coincide by chance.
        assertThat(differentValues).isGreaterThan((int) (0.99 * comparable));
        assertThat(a.faultPlan()).isNotEqualTo(b.faultPlan());
    }

    @Test
    void eventTimeIsStepSpacingPlusAFixedDeviceOffsetAndNeverGoesBack() {
        SimulatorSettings settings = SimulatorSettings.builder().devices(7).eventsPerDevice(40).intervalMs(500L).build();
        FleetSimulator fleet = new FleetSimulator(settings);
        long previousTs = Long.MIN_VALUE;
        for (long index = 0; index < fleet.totalEvents(); index++) {
            SimulatedEvent event = fleet.eventAt(index);
            int device = (int) (index % 7);
            long step = index / 7;
            assertThat(event.deviceId()).isEqualTo(fleet.deviceId(device));
            long offset = event.ts() - settings.startTs() - step * 500;
            assertThat(offset).isBetween(0L, 499L).isEqualTo(DeviceSimulator.timeOffsetMs(settings, device));
            assertThat(event.ts()).isGreaterThanOrEqualTo(previousTs);
            previousTs = event.ts();
        }
    }

    @Test
    void rejectsIndicesOutsideTheFleet() {
        FleetSimulator fleet = new FleetSimulator(SimulatorSettings.builder().devices(2).eventsPerDevice(3).build());
        assertThat(fleet.totalEvents()).isEqualTo(6);
        assertThatThrownBy(() -> fleet.eventAt(6)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> fleet.eventAt(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
