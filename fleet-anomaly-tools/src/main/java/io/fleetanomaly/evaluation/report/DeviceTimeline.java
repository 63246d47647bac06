package io.fleetanomaly.evaluation.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One device's scored events in time order, as parallel arrays.
 *
 * @param deviceId       the device
 * @param timestamps     event times, epoch milliseconds, non-decreasing
 * @param fused          fused score per event
 * @param detectorScores per-detector calibrated score per event, by detector name (order kept)
 * @param labels         ground truth per event, 0 normal or 1 anomalous
 * @param alertOpen      whether an alert was open on the device at that event
 * @param cusum          CUSUM statistic per event
 * @param cusumThreshold the CUSUM decision interval h, drawn as a line
 */
public record DeviceTimeline(
        String deviceId,
        long[] timestamps,
        double[] fused,
        Map<String, double[]> detectorScores,
        int[] labels,
        boolean[] alertOpen,
        double[] cusum,
        double cusumThreshold) {

    public DeviceTimeline {
        Objects.requireNonNull(deviceId, "deviceId");
        int n = timestamps.length;
        ArrayChecks.sameLength("fused", n, fused.length);
        ArrayChecks.sameLength("labels", n, labels.length);
        ArrayChecks.sameLength("alertOpen", n, alertOpen.length);
        ArrayChecks.sameLength("cusum", n, cusum.length);
        detectorScores = Collections.unmodifiableMap(new LinkedHashMap<>(detectorScores));
        detectorScores.forEach((name, scores) -> ArrayChecks.sameLength(name + " scores", n, scores.length));
        for (int i = 1; i < n; i++) {
            if (timestamps[i] < timestamps[i - 1]) {
                throw new IllegalArgumentException("timestamps of " + deviceId + " go back in time at " + i);
            }
        }
    }

    public int size() {
        return timestamps.length;
    }
}
