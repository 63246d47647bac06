package io.fleetanomaly.job;

import io.fleetanomaly.scoring.DeviceStateStore;
import io.fleetanomaly.state.DeviceModelsState;
import io.fleetanomaly.state.DeviceWarmupState;
import io.fleetanomaly.state.DeviceWindowState;
import io.fleetanomaly.state.WarmupReadingsState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.stream.Stream;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;

/**
 * The window operator's keyed state of the current device, in three Flink value states so an event
 * touches only what it needs (see {@code docs/state.md}):
 * <ul>
 *   <li>{@value #WINDOW}: {@link DeviceWindowState}, read and written on every event;
 *   <li>{@value #WARMUP}: {@link DeviceWarmupState}, device mode, written on each warm-up event,
 *       cleared when the models are fitted;
 *   <li>{@value #MODELS}: {@link DeviceModelsState}, device mode, written once, read per scored event;
 *   <li>{@value #WARMUP_READINGS}: {@link WarmupReadingsState}, device mode with device-scaled inputs,
 *       written on each warm-up event, cleared when the scaler and models are fitted.
 * </ul>
 * The hot state is loaded once per event ({@link #load}) and written back with {@link #saveWindow}.
 */
final class KeyedDeviceState implements DeviceStateStore {
    static final String WINDOW = "device-window";
    static final String WARMUP = "device-warmup";
    static final String MODELS = "device-models";
    static final String WARMUP_READINGS = "device-warmup-readings";

    private final ValueState<DeviceWindowState> window;
    private final ValueState<DeviceWarmupState> warmup;
    private final ValueState<DeviceModelsState> models;
    private final ValueState<WarmupReadingsState> warmupReadings;
    private DeviceWindowState current;

    KeyedDeviceState(RuntimeContext context) {
        this.window = context.getState(new ValueStateDescriptor<>(WINDOW, TypeInformation.of(DeviceWindowState.class)));
        this.warmup = context.getState(new ValueStateDescriptor<>(WARMUP, TypeInformation.of(DeviceWarmupState.class)));
        this.models = context.getState(new ValueStateDescriptor<>(MODELS, TypeInformation.of(DeviceModelsState.class)));
        this.warmupReadings = context.getState(
                new ValueStateDescriptor<>(WARMUP_READINGS, TypeInformation.of(WarmupReadingsState.class)));
    }

    /** Devices whose window state {@code backend} holds: one pass over its keys (an operator can enumerate them, a function cannot). */
    static long devicesIn(KeyedStateBackend<String> backend) {
        try (Stream<String> keys = backend.getKeys(WINDOW, VoidNamespace.INSTANCE)) {
            return keys.count();
        }
    }

    /** Loads the current device's hot state; null for a device without state. */
    DeviceWindowState load() throws IOException {
        current = window.value();
        return current;
    }

    /** Makes {@code state} the current device's hot state (a new device). */
    void use(DeviceWindowState state) {
        current = state;
    }

    void saveWindow() throws IOException {
        window.update(current);
    }

    /** Clears every state of the current device. */
    void clear() {
        window.clear();
        warmup.clear();
        models.clear();
        warmupReadings.clear();
        current = null;
    }

    @Override
    public DeviceWindowState window() {
        return current;
    }

    @Override
    public DeviceWarmupState warmup() {
        return value(warmup);
    }

    @Override
    public void updateWarmup(DeviceWarmupState state) {
        set(warmup, state);
    }

    @Override
    public DeviceModelsState models() {
        return value(models);
    }

    @Override
    public void updateModels(DeviceModelsState state) {
        set(models, state);
    }

    @Override
    public WarmupReadingsState warmupReadings() {
        return value(warmupReadings);
    }

    @Override
    public void updateWarmupReadings(WarmupReadingsState state) {
        set(warmupReadings, state);
    }

    private static <T> T value(ValueState<T> state) {
        try {
            return state.value();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code value} to the state; null clears it. */
    private static <T> void set(ValueState<T> state, T value) {
        try {
            if (value == null) {
                state.clear();
            } else {
                state.update(value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
