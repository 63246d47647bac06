package io.fleetanomaly.fusion;

import io.fleetanomaly.events.ScoredEvent;
import java.util.Arrays;

/**
 * The sensor contributions of a fused event, not computed yet: what each detector added to the
 * fusion (its index, calibrated score and sensor shares, or for one deferred detector the input
 * to compute its shares from), in the order it was added. {@link #compute} replays them through
 * {@link ScoreFusion#start}, {@link ScoreFusion#add} and {@link ScoreFusion#finish}, the same
 * arithmetic in the same order as an event fused at once, so the contributions have the same bits.
 *
 * <p>Why: the Isolation Forest's per-feature attribution costs about a third of its walk, and an
 * event's contributions are read only when it opens or continues an alert or is written to the
 * per-event scores output. The job defers them ({@link ScoreFusion#startDeferred}) and the alert
 * function asks for them ({@link ScoredEvent#contributions()}) only then.
 *
 * <p>Every event has one of these, so it keeps everything in one array of its own (copies, never
 * the callers' scratch arrays: an event may wait in the LSTM operator's batch while later events
 * are scored): per detector in the order added, its index and calibrated score, then its
 * {@code features} shares or, for the deferred detector, its input.
 */
public final class PendingContributions {
    private static final int HEADER = 2; // detector index, calibrated score

    private final ScoreFusion fusion;
    private final int features;
    private double[] values;
    private int used;
    private int added;
    private int deferredSlot = -1;
    private int deferredInputLength;
    private DeferredShares deferredShares;

    /** @param capacity doubles to reserve (see {@link #capacity}); more are allocated if needed */
    PendingContributions(ScoreFusion fusion, int features, int capacity) {
        this.fusion = fusion;
        this.features = features;
        this.values = new double[capacity];
    }

    /** The doubles a record holds for {@code storedShares} detectors adding shares and one deferred detector of the given input length (0: none). */
    static int capacity(int features, int storedShares, int deferredInputLength) {
        return storedShares * (HEADER + features) + (deferredInputLength > 0 ? HEADER + deferredInputLength : 0);
    }

    void recordShares(int detector, double calibratedScore, double[] sensorShares) {
        if (sensorShares.length != features) {
            throw new IllegalArgumentException("expected " + features + " sensor shares, got " + sensorShares.length);
        }
        int at = reserveSlot(detector, calibratedScore, features);
        System.arraycopy(sensorShares, 0, values, at, features);
    }

    void recordDeferred(int detector, double calibratedScore, double[] input, DeferredShares shares) {
        if (deferredSlot >= 0) {
            throw new IllegalStateException("only one detector's shares can be deferred per event");
        }
        int at = reserveSlot(detector, calibratedScore, input.length);
        System.arraycopy(input, 0, values, at, input.length);
        deferredSlot = added - 1;
        deferredInputLength = input.length;
        deferredShares = shares;
    }

    /** Appends a slot's header and returns where its {@code length} values go. */
    private int reserveSlot(int detector, double calibratedScore, int length) {
        if (added == fusion.detectors()) {
            throw new IllegalStateException("more detectors added than the fusion has (" + fusion.detectors() + ")");
        }
        if (used + HEADER + length > values.length) {
            values = Arrays.copyOf(values, used + HEADER + length);
        }
        values[used] = detector;
        values[used + 1] = calibratedScore;
        int at = used + HEADER;
        used = at + length;
        added++;
        return at;
    }

    /** The contributions {@link ScoreFusion#finish} would have left, computing the deferred shares. */
    public double[] compute() {
        ScoredEvent replay = new ScoredEvent();
        fusion.start(replay, features);
        double[] shares = new double[features];
        int at = 0;
        for (int slot = 0; slot < added; slot++) {
            int detector = (int) values[at];
            double calibratedScore = values[at + 1];
            at += HEADER;
            if (slot == deferredSlot) {
                Arrays.fill(shares, 0.0);
                deferredShares.compute(Arrays.copyOfRange(values, at, at + deferredInputLength), shares);
                at += deferredInputLength;
            } else {
                System.arraycopy(values, at, shares, 0, features);
                at += features;
            }
            fusion.add(replay, detector, calibratedScore, shares);
        }
        fusion.finish(replay);
        return replay.sensorContributions;
    }
}
