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
 * ({@code AlertLabelMatcher}) does.
 *
 * <p><b>Sensor sides.</b> With the return rule on ({@link AlertSettings#returnHorizonMs()} &gt; 0)
 * whether an alert opens depends on each event's sensor contributions (as the alert function reads
 * them, deferred ones computed) and {@link ScoredEvent#belowNormalMask}: the replay feeds the
 * detector both as the series recorded them ({@link DeviceSeries#hasSensorSides()}), and refuses
 * such settings over a series that did not record them rather than replay a rule it cannot see.
 * With the rule off they only shape UPDATE records and top sensors, and are passed when recorded
 * (the same flags either way). The recorded contributions are those of the weights the job fused
 * with: replayed under other weights ({@link FleetScores#fuse}), the fused score follows the
 * weights but the contributions the rule reads do not.
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
        CusumDetector detector = detectorFor(settings, series);
        CusumState state = detector.newState();
        long[] ts = series.tsColumn();
        boolean[] warmingUp = series.warmingUpColumn();
        double[][] contributions = series.sensorContributionsColumn();
        long[] below = series.belowNormalMaskColumn();
        boolean[] open = new boolean[ts.length];
        for (int i = 0; i < ts.length; i++) {
            if (!warmingUp[i]) {
                observe(detector, state, i, ts, fusedScores, contributions, below);
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
        ConfusionMatrix.Counter counter = new ConfusionMatrix.Counter();
        for (int d = 0; d < scores.devices().size(); d++) {
            count(settings, scores.devices().get(d), scores.column(d), counter);
        }
        return counter.toMatrix();
    }

    /** Replays one device with a fresh state and adds its counted events to {@code counter}. */
    static void count(AlertSettings settings, DeviceSeries series, double[] fusedScores, ConfusionMatrix.Counter counter) {
        requireAligned(series, fusedScores);
        CusumDetector detector = detectorFor(settings, series);
        CusumState state = detector.newState();
        long[] ts = series.tsColumn();
        int[] labels = series.labelColumn();
        boolean[] warmingUp = series.warmingUpColumn();
        double[][] contributions = series.sensorContributionsColumn();
        long[] below = series.belowNormalMaskColumn();
        long tp = 0;
        long fp = 0;
        long fn = 0;
        long tn = 0;
        for (int i = 0; i < ts.length; i++) {
            if (warmingUp[i]) {
                continue; // never scored, never counted
            }
            observe(detector, state, i, ts, fusedScores, contributions, below);
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

    /** The job's detector for the series: one contribution per sensor when the series recorded them. */
    private static CusumDetector detectorFor(AlertSettings settings, DeviceSeries series) {
        if (settings.returnHorizonMs() > 0 && !series.hasSensorSides()) {
            throw new IllegalArgumentException("device " + series.deviceId() + ": the alerting's return rule is on"
                    + " (return_horizon_ms " + settings.returnHorizonMs() + ") but the replayed scores carry no"
                    + " sensor contributions and sides, without which the rule cannot be replayed (record them:"
                    + " ReplayRecord.of(event, ..., true))");
        }
        return new CusumDetector(settings, series.sensorCount());
    }

    /** Feeds scored event {@code i}, with its contributions and sides when recorded (null columns: none). */
    private static void observe(CusumDetector detector, CusumState state, int i, long[] ts, double[] fusedScores,
            double[][] contributions, long[] below) {
        if (contributions == null) {
            detector.observe(state, ts[i], fusedScores[i], null);
        } else {
            detector.observe(state, ts[i], fusedScores[i], below[i], contributions[i]);
        }
    }

    private static void requireAligned(DeviceSeries series, double[] fusedScores) {
        if (fusedScores.length != series.size()) {
            throw new IllegalArgumentException("device " + series.deviceId() + " has " + series.size()
                    + " events but " + fusedScores.length + " fused scores");
        }
    }
}
