package io.fleetanomaly.state;

import io.fleetanomaly.detectors.mahalanobis.DeviceModel;

/**
 * Converts a fitted {@link DeviceModel} to and from its keyed state. The arrays are shared, not
 * copied: a fitted model is never modified.
 */
public final class DeviceModelMapper {
    private DeviceModelMapper() {}

    public static DeviceModelState toState(DeviceModel model) {
        DeviceModelState state = new DeviceModelState();
        state.mean = model.mean;
        state.scale = model.scale;
        state.degreesOfFreedom = model.degreesOfFreedom;
        state.lowerCholesky = model.lowerCholesky;
        return state;
    }

    /** @throws IllegalArgumentException the state's arrays do not fit together */
    public static DeviceModel toModel(DeviceModelState state) {
        return DeviceModel.of(state.mean, state.scale, state.degreesOfFreedom, state.lowerCholesky);
    }
}
