package io.fleetanomaly.state;

import io.fleetanomaly.detectors.mahalanobis.DeviceBaseline;
import io.fleetanomaly.detectors.mahalanobis.RunningMoments;

/**
 * Converts a device's warm-up {@link DeviceBaseline} to and from its keyed state. The arrays are
 * shared, not copied (the warm-up updates them on every event): after mapping, use either the
 * baseline or the state, not both.
 */
public final class DeviceBaselineMapper {
    private DeviceBaselineMapper() {}

    public static DeviceWarmupState toState(DeviceBaseline baseline) {
        DeviceWarmupState state = new DeviceWarmupState();
        state.readings = toState(baseline.readings);
        state.smoothed = baseline.smoothed == null ? null : toState(baseline.smoothed);
        state.batchMeans = toState(baseline.batchMeans);
        state.batchSum = baseline.batchSum;
        state.batchCount = baseline.batchCount;
        state.batchEvents = baseline.batchEvents;
        return state;
    }

    public static DeviceBaseline toBaseline(DeviceWarmupState state) {
        DeviceBaseline baseline = new DeviceBaseline();
        baseline.readings = toMoments(state.readings);
        baseline.smoothed = state.smoothed == null ? null : toMoments(state.smoothed);
        baseline.batchMeans = toMoments(state.batchMeans);
        baseline.batchSum = state.batchSum;
        baseline.batchCount = state.batchCount;
        baseline.batchEvents = state.batchEvents;
        return baseline;
    }

    public static MomentsState toState(RunningMoments moments) {
        MomentsState state = new MomentsState();
        state.count = moments.count;
        state.mean = moments.mean;
        state.comoment = moments.comoment;
        return state;
    }

    public static RunningMoments toMoments(MomentsState state) {
        RunningMoments moments = new RunningMoments();
        moments.count = state.count;
        moments.mean = state.mean;
        moments.comoment = state.comoment;
        return moments;
    }
}
