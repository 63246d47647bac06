package io.fleetanomaly.fusion;

import io.fleetanomaly.events.ScoredEvent;
import java.util.function.Supplier;

/**
 * The sensor contributions of a fused event, not computed yet: what each detector added to the
 * fusion (its index, calibrated score and sensor shares, the shares possibly not computed either),
 * in the order it was added. {@link #compute} replays them through {@link ScoreFusion#start},
 * {@link ScoreFusion#add} and {@link ScoreFusion#finish}, the same arithmetic in the same order as
 * an event fused at once, so the contributions have the same bits.
 *
 * <p>Why: the Isolation Forest's per-feature attribution costs about a third of its walk, and an
 * event's contributions are read only when it opens or continues an alert or is written to the
 * per-event scores output. The job defers them ({@link ScoreFusion#startDeferred}) and the alert
 * function asks for them ({@link ScoredEvent#contributions()}) only then.
 */
public final class PendingContributions {
    private final ScoreFusion fusion;
    private final int features;
    private final int[] detectors;
    private final double[] calibrated;
    private final Supplier<double[]>[] shares;
    private int added;

    @SuppressWarnings("unchecked")
    PendingContributions(ScoreFusion fusion, int features) {
        this.fusion = fusion;
        this.features = features;
        this.detectors = new int[fusion.detectors()];
        this.calibrated = new double[fusion.detectors()];
        this.shares = new Supplier[fusion.detectors()];
    }

    void record(int detector, double calibratedScore, Supplier<double[]> sensorShares) {
        if (added == detectors.length) {
            throw new IllegalStateException("more detectors added than the fusion has (" + detectors.length + ")");
        }
        detectors[added] = detector;
        calibrated[added] = calibratedScore;
        shares[added] = sensorShares;
        added++;
    }

    /** The contributions {@link ScoreFusion#finish} would have left, computing any shares not computed yet. */
    public double[] compute() {
        ScoredEvent replay = new ScoredEvent();
        fusion.start(replay, features);
        for (int i = 0; i < added; i++) {
            fusion.add(replay, detectors[i], calibrated[i], shares[i].get());
        }
        fusion.finish(replay);
        return replay.sensorContributions;
    }
}
