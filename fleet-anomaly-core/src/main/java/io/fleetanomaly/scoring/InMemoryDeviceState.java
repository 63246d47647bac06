package io.fleetanomaly.scoring;

import io.fleetanomaly.state.DeviceModelsState;
import io.fleetanomaly.state.DeviceWarmupState;
import io.fleetanomaly.state.DeviceWindowState;
import io.fleetanomaly.state.WarmupReadingsState;

/** A device's state held in plain fields: for training, evaluation and tests (see {@link DeviceStateStore}). */
public final class InMemoryDeviceState implements DeviceStateStore {
    private final DeviceWindowState window;
    private DeviceWarmupState warmup;
    private DeviceModelsState models;
    private WarmupReadingsState warmupReadings;

    public InMemoryDeviceState(DeviceWindowState window) {
        this.window = java.util.Objects.requireNonNull(window, "window");
    }

    @Override
    public DeviceWindowState window() {
        return window;
    }

    @Override
    public DeviceWarmupState warmup() {
        return warmup;
    }

    @Override
    public void updateWarmup(DeviceWarmupState warmup) {
        this.warmup = warmup;
    }

    @Override
    public DeviceModelsState models() {
        return models;
    }

    @Override
    public void updateModels(DeviceModelsState models) {
        this.models = models;
    }

    @Override
    public WarmupReadingsState warmupReadings() {
        return warmupReadings;
    }

    @Override
    public void updateWarmupReadings(WarmupReadingsState readings) {
        this.warmupReadings = readings;
    }
}
