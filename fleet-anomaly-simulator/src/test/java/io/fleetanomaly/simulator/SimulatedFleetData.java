package io.fleetanomaly.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/** A whole simulated fleet read into memory, per device, in step order. */
final class SimulatedFleetData {
    final FleetSimulator fleet;
    private final List<List<SimulatedEvent>> byDevice;

    SimulatedFleetData(SimulatorSettings settings) {
        fleet = new FleetSimulator(settings);
        byDevice = new ArrayList<>();
        for (int device = 0; device < settings.devices(); device++) {
            byDevice.add(new ArrayList<>());
        }
        for (long index = 0; index < fleet.totalEvents(); index++) {
            byDevice.get((int) (index % settings.devices())).add(fleet.eventAt(index));
        }
    }

    List<SimulatedEvent> device(int deviceIndex) {
        return byDevice.get(deviceIndex);
    }

    /** The device's events at the steps the predicate accepts. */
    List<SimulatedEvent> steps(int deviceIndex, IntPredicate step) {
        List<SimulatedEvent> events = new ArrayList<>();
        List<SimulatedEvent> all = byDevice.get(deviceIndex);
        for (int s = 0; s < all.size(); s++) {
            if (step.test(s)) {
                events.add(all.get(s));
            }
        }
        return events;
    }

    /** All the device's events (the fault-free twin's normal events are all of them). */
    List<SimulatedEvent> normalEventsOf(int deviceIndex) {
        return byDevice.get(deviceIndex);
    }

    List<SimulatedEvent> normalEvents(int deviceIndex) {
        return byDevice.get(deviceIndex).stream().filter(e -> e.label() == 0).toList();
    }

    /** The episode's events at full magnitude. */
    List<SimulatedEvent> plateau(FaultEpisode episode) {
        return steps(episode.deviceIndex(), s -> s >= episode.plateauStartStep() && s < episode.endStep());
    }
}
