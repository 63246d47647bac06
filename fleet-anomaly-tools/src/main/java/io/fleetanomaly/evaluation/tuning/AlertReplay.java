package io.fleetanomaly.evaluation.tuning;

import io.fleetanomaly.evaluation.metrics.ConfusionMatrix;
import io.fleetanomaly.alerting.AlertSettings;
import io.fleetanomaly.job.alerting.CusumAlertFunction;
import io.fleetanomaly.alerting.CusumDetector;
import io.fleetanomaly.state.CusumState;
import io.fleetanomaly.events.ScoredEvent;

/**
 * Replays the job's alerting over recorded fused scores: the same {@link CusumDetector} the job's
 * {@link CusumAlertFunction} runs, fed the same events in the same order, one fresh state per device.
 *
 * <p><b>Alert-open rule</b> (the job's, see {@link CusumAlertFunction}): after each event the
 * function copies the event to its scores output with {@link ScoredEvent#openAlertId} set iff the
 * device's state has an alert open <em>after</em> {@code observe()}. So
 * <ul>
 *   <li>the event that opens an alert is under alert (flagged);
 *   <li>the event that resolves it is not (the alert is closed after it);
 *   <li>a warming-up event never touches the CUSUM and carries the state of the event before it;
 *   <li>an event with a non-finite fused score is ignored by the CUSUM and likewise carries the state.
 * </ul>
 * An event is predicted anomalous exactly when it is flagged; confusion matrices count the scored
 * (not warming-up), labeled events, as the job's own event-level evaluation
 * ({@code AlertLabelMatcher}) does. Sensor contributions are not replayed: they only shape UPDATE
 * records and top sensors, never whether an alert is open.
 *
 * <p>O(n) per setting; no Flink, no allocation per event.
 */
public final class AlertReplay {
    private AlertReplay() {}

    /**
     * Per event of {@code series}: whether the device has an alert open after it.
     *
     * @param fusedScores one fused score per event of the series
     */
    public static boolean[] alertOpen(DeviceSeries series, double[] fusedScores, AlertSettings settings) {
        requireAligned(series, fusedScores);
        CusumDetector detector = new CusumDetector(settings, 0);
        CusumState state = detector.newState();
        long[] ts = series.tsColumn();
        boolean[] warmingUp = series.warmingUpColumn();
        boolean[] open = new boolean[ts.length];
        for (int i = 0; i < ts.length; i++) {
            if (!warmingUp[i]) {
                detector.observe(state, ts[i], fusedScores[i], null);
            }
            open[i] = state.alertOpen;
        }
        return open;
    }

    /** {@link #alertOpen(DeviceSeries, double[], AlertSettings)} for device {@code device} of {@code scores}. */
    public static boolean[] alertOpen(FleetScores scores, int device, AlertSettings settings) {
        return alertOpen(scores.devices().get(device), scores.column(device), settings);
    }

    /** Event-level confusion over all devices of {@code scores}: predicted = under an open alert. */
    public static ConfusionMatrix confusion(FleetScores scores, AlertSettings settings) {
        CusumDetector detector = new CusumDetector(settings, 0);
        ConfusionMatrix.Counter counter = new ConfusionMatrix.Counter();
        for (int d = 0; d < scores.devices().size(); d++) {
            count(detector, scores.devices().get(d), scores.column(d), counter);
        }
        return counter.toMatrix();
    }

    /** Replays one device with a fresh state and adds its counted events to {@code counter}. */
    static void count(CusumDetector detector, DeviceSeries series, double[] fusedScores, ConfusionMatrix.Counter counter) {
        requireAligned(series, fusedScores);
        CusumState state = detector.newState();
        long[] ts = series.tsColumn();
        int[] labels = series.labelColumn();
        boolean[] warmingUp = series.warmingUpColumn();
        long tp = 0;
        long fp = 0;
        long fn = 0;
        long tn = 0;
        for (int i = 0; i < ts.length; i++) {
            if (warmingUp[i]) {
                continue; // never scored, never counted
            }
            detector.observe(state, ts[i], fusedScores[i], null);
            int label = labels[i];
            if (label == 1) {
                if (state.alertOpen) {
                    tp++;
                } else {
                    fn++;
                }
            } else if (label == 0) {
                if (state.alertOpen) {
                    fp++;
                } else {
                    tn++;
                }
            }
        }
        counter.add(new ConfusionMatrix(tp, fp, fn, tn));
    }

    private static void requireAligned(DeviceSeries series, double[] fusedScores) {
        if (fusedScores.length != series.size()) {
            throw new IllegalArgumentException("device " + series.deviceId() + " has " + series.size()
                    + " events but " + fusedScores.length + " fused scores");
        }
    }
}
