package io.fleetanomaly.simulator;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A fleet of simulated devices as one indexed stream of events, step-major: index i is step
 * {@code i / devices} of device {@code i % devices}, so event time never goes backwards along the
 * stream. Any index can be read in any order and always gives the same event, which is what a
 * restarted or restored source needs. Not thread-safe: one instance per reader.
 */
public final class FleetSimulator implements Serializable {
    private static final long serialVersionUID = 1L;

    private final SimulatorSettings settings;
    private final List<FaultEpisode> faultPlan;
    private final List<List<FaultEpisode>> episodesByDevice;

    /** Created lazily, one per device; not serialized, rebuilt by replaying from step 0. */
    private transient DeviceSimulator[] devices;

    public FleetSimulator(SimulatorSettings settings) {
        this.settings = settings;
        this.faultPlan = FaultPlanner.plan(settings);
        List<List<FaultEpisode>> byDevice = new ArrayList<>(settings.devices());
        for (int device = 0; device < settings.devices(); device++) {
            byDevice.add(DeviceSimulator.episodesOf(faultPlan, device));
        }
        this.episodesByDevice = List.copyOf(byDevice);
    }

    public SimulatorSettings settings() {
        return settings;
    }

    public int devices() {
        return settings.devices();
    }

    public long totalEvents() {
        return settings.totalEvents();
    }

    public List<String> featureNames() {
        return settings.profile().featureNames();
    }

    public String deviceId(int deviceIndex) {
        return settings.profile().deviceId(deviceIndex);
    }

    /** Every fault episode of the fleet, by device, then start step: the ground truth. */
    public List<FaultEpisode> faultPlan() {
        return faultPlan;
    }

    public List<FaultEpisode> faultPlan(int deviceIndex) {
        return episodesByDevice.get(deviceIndex);
    }

    /** Index of the event of a device at a step in the fleet stream. */
    public long indexOf(int deviceIndex, int step) {
        return (long) step * settings.devices() + deviceIndex;
    }

    public SimulatedEvent eventAt(long index) {
        if (index < 0 || index >= totalEvents()) {
            throw new IndexOutOfBoundsException("event index " + index + " outside [0, " + totalEvents() + ")");
        }
        int deviceIndex = (int) (index % settings.devices());
        int step = (int) (index / settings.devices());
        DeviceSimulator device = deviceAt(step, deviceIndex);
        while (device.step() < step) {
            device.next();
        }
        return device.next();
    }

    /** The device's simulator positioned at or before the step, recreated when it is already past it. */
    private DeviceSimulator deviceAt(int step, int deviceIndex) {
        if (devices == null) {
            devices = new DeviceSimulator[settings.devices()];
        }
        DeviceSimulator device = devices[deviceIndex];
        if (device == null || device.step() > step) {
            device = new DeviceSimulator(settings, deviceIndex, episodesByDevice.get(deviceIndex));
            devices[deviceIndex] = device;
        }
        return device;
    }
}
