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
        state.firstBatch = baseline.firstBatch;
        state.firstBatchSmoothed = baseline.firstBatchSmoothed;
        state.firstBatchCount = baseline.firstBatchCount;
        state.screenScale = baseline.screenScale;
        state.rejected = baseline.rejected;
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
        baseline.firstBatch = state.firstBatch;
        baseline.firstBatchSmoothed = state.firstBatchSmoothed;
        baseline.firstBatchCount = state.firstBatchCount;
        baseline.screenScale = state.screenScale;
        baseline.rejected = state.rejected;
        if (baseline.screenScale == null && baseline.firstBatch == null) {
            // a warm-up state written before the screen existed: its readings are already in the moments
            baseline.screenScale = new double[baseline.batchSum.length];
        }
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
