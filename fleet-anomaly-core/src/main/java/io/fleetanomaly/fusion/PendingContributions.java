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
 * <p>Every event has one of these, so it keeps the shares in one array of its own (copies, never
 * the callers' scratch arrays: an event may wait in the LSTM operator's batch while later events
 * are scored): per detector in the order added, its index and calibrated score, then its
 * {@code features} shares (the deferred detector's slot has none). The deferred detector's input
 * is a copy of its own, or, added with {@link ScoreFusion#addDeferredBorrowing}, the caller's
 * array itself, borrowed until the caller calls {@link #stopBorrowing()} (which copies it if the
 * contributions may still be asked for) before it writes that array again: the job's scorer
 * overwrites its forest input only when it scores the next event, and by then the alert function
 * has read the contributions or {@linkplain ScoredEvent#discardContributions() discarded} them,
 * so on the native path no event copies its input.
 */
public final class PendingContributions {
    private static final int HEADER = 2; // detector index, calibrated score

    private final ScoreFusion fusion;
    private final int features;
    private double[] values;
    private int used;
    private int added;
    private int deferredSlot = -1;
    /** The deferred detector's input: a copy of its own, or the caller's array while {@link #borrowing}. */
    private double[] deferredInput;
    private boolean borrowing;
    private DeferredShares deferredShares;
    /** Computed or discarded: the input is not needed any more. */
    private boolean done;

    /** @param capacity doubles to reserve (see {@link #capacity}); more are allocated if needed */
    PendingContributions(ScoreFusion fusion, int features, int capacity) {
        this.fusion = fusion;
        this.features = features;
        this.values = new double[capacity];
    }

    /** The doubles a record holds for {@code storedShares} detectors adding shares and one deferred detector of the given input length (0: none). */
    static int capacity(int features, int storedShares, int deferredInputLength) {
        return storedShares * (HEADER + features) + (deferredInputLength > 0 ? HEADER : 0);
    }

    void recordShares(int detector, double calibratedScore, double[] sensorShares) {
        if (sensorShares.length != features) {
            throw new IllegalArgumentException("expected " + features + " sensor shares, got " + sensorShares.length);
        }
        int at = reserveSlot(detector, calibratedScore, features);
        System.arraycopy(sensorShares, 0, values, at, features);
    }

    /** @param borrow keep {@code input} itself until {@link #stopBorrowing()}, instead of a copy */
    void recordDeferred(int detector, double calibratedScore, double[] input, DeferredShares shares, boolean borrow) {
        if (deferredSlot >= 0) {
            throw new IllegalStateException("only one detector's shares can be deferred per event");
        }
        reserveSlot(detector, calibratedScore, 0);
        deferredSlot = added - 1;
        deferredInput = borrow ? input : input.clone();
        borrowing = borrow;
        deferredShares = shares;
    }

    /**
     * The lender of the deferred input is about to write it: from now on the record keeps a copy
     * of its own, unless its contributions were computed or discarded already (then it keeps
     * nothing). Does nothing on a record that never borrowed.
     */
    public void stopBorrowing() {
        if (borrowing) {
            deferredInput = done ? null : deferredInput.clone();
            borrowing = false;
        }
    }

    /** The contributions will not be asked for: a borrowed input is not copied when the lender stops lending. */
    public void discard() {
        done = true;
        deferredInput = null;
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
        if (done) {
            throw new IllegalStateException("the contributions were computed or discarded already");
        }
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
                deferredShares.compute(deferredInput, shares);
            } else {
                System.arraycopy(values, at, shares, 0, features);
                at += features;
            }
            fusion.add(replay, detector, calibratedScore, shares);
        }
        fusion.finish(replay);
        done = true;
        deferredInput = null;
        return replay.sensorContributions;
    }
}
