package io.fleetanomaly.state;

import io.fleetanomaly.features.DeviceScaler;
import io.fleetanomaly.features.WeeklyPrior;

/** Converts a device's {@link DeviceScaler} to and from its keyed state. */
public final class DeviceScalerMapper {
    private DeviceScalerMapper() {}

    public static DeviceScalerState toState(DeviceScaler scaler) {
        DeviceScalerState state = new DeviceScalerState();
        state.location = scaler.location();
        state.spread = scaler.spread();
        state.season = scaler.season();
        state.seasonPeriodMs = scaler.periodMs();
        state.seasonHarmonics = scaler.harmonics();
        state.levelEvents = scaler.levelEvents();
        state.referenceEvents = scaler.referenceEvents();
        state.missingPeakHold = scaler.missingPeakHold();
        state.scoreWidening = scaler.scoreWidening();
        state.seasonCorrectionEvents = scaler.seasonCorrectionEvents();
        return state;
    }

    public static DeviceScaler toScaler(DeviceScalerState state) {
        return toScaler(state, null);
    }

    /** The device's scaler under the bundle's weekly prior (null = none; bundle-wide, not in the device's state). */
    public static DeviceScaler toScaler(DeviceScalerState state, WeeklyPrior weeklyPrior) {
        return new DeviceScaler(state.location, state.spread, state.season == null ? new double[0] : state.season,
                state.seasonPeriodMs, state.seasonHarmonics, state.levelEvents, state.referenceEvents, weeklyPrior,
                state.scoreWidening, state.missingPeakHold, state.seasonCorrectionEvents);
    }
}
