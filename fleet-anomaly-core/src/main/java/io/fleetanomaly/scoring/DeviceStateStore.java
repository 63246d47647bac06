package io.fleetanomaly.scoring;

import io.fleetanomaly.state.DeviceModelsState;
import io.fleetanomaly.state.DeviceWarmupState;
import io.fleetanomaly.state.DeviceWindowState;
import io.fleetanomaly.state.WarmupReadingsState;

/**
 * One device's state as {@link DeviceScorer} reads and writes it while it scores an event of that
 * device: the hot window state, and in device mode the warm-up or the fitted models. The streaming
 * operator backs it with separate Flink keyed states, so the scorer asks only for what the event
 * needs (a fleet-mode event never touches the warm-up or models) and writes back only what
 * changed; training, evaluation and tests keep it in memory ({@link InMemoryDeviceState}).
 */
public interface DeviceStateStore {
    /** The device's hot state; the scorer updates it in place, the caller persists it after each event. */
    DeviceWindowState window();

    /** Device-mode warm-up accumulated so far; null before the first warm-up event and once the models are fitted. */
    DeviceWarmupState warmup();

    /** Replaces the warm-up (null clears it). */
    void updateWarmup(DeviceWarmupState warmup);

    /** The device's fitted models; null until its warm-up is complete. */
    DeviceModelsState models();

    void updateModels(DeviceModelsState models);

    /** Device mode with device-scaled inputs: the warm-up's readings so far; null before the first and once fitted. */
    WarmupReadingsState warmupReadings();

    /** Replaces the warm-up's readings (null clears them). */
    void updateWarmupReadings(WarmupReadingsState readings);
}
