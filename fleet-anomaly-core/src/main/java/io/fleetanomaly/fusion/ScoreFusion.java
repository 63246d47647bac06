package io.fleetanomaly.fusion;

import io.fleetanomaly.events.ScoredEvent;
import java.io.Serializable;

/**
 * Fuses calibrated detector scores. {@link FusionMethod#WEIGHTED_MEAN}: the weighted sum of the
 * detectors' calibrated scores (weights sum to 1), and a sensor's contribution is the sum over
 * detectors of weight × calibrated score × the detector's share for that sensor.
 * {@link FusionMethod#MAX}: the largest of weight / largest weight × calibrated score, and the
 * contributions are that detector's shares. Contributions are normalised to sum to 1. Detectors
 * are added one at a time, so the native detectors and the LSTM autoencoder (scored later, in
 * batches) go through the same arithmetic; {@link #finish} normalises.
 */
public final class ScoreFusion implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double[] weights;
    private final FusionMethod method;
    /** MAX: weights relative to the largest, so equal weights compare the scores themselves. */
    private final double[] maxWeights;

    /** Weighted mean. @param weights per detector, index-aligned with the event's detector scores, summing to 1 */
    public ScoreFusion(double[] weights) {
        this(weights, FusionMethod.WEIGHTED_MEAN);
    }

    public ScoreFusion(double[] weights, FusionMethod method) {
        this.weights = weights.clone();
        this.method = java.util.Objects.requireNonNull(method, "method");
        double largest = java.util.Arrays.stream(weights).max().orElse(1.0);
        this.maxWeights = java.util.Arrays.stream(weights).map(w -> largest > 0 ? w / largest : w).toArray();
    }

    public FusionMethod method() {
        return method;
    }

    public int detectors() {
        return weights.length;
    }

    /**
     * The fused score of calibrated scores given all at once, in detector order: exactly the value
     * {@link #start}, {@link #add} for each detector in index order and {@link #finish} leave in
     * {@code fusedScore} (the same sum, in the same order), so tools that fuse recorded detector
     * scores with other weights (e.g. weight tuning) reproduce the job's arithmetic bit for bit.
     *
     * @param calibrated one calibrated score per detector, index-aligned with the weights
     */
    public double fuse(double[] calibrated) {
        if (calibrated.length != weights.length) {
            throw new IllegalArgumentException("expected " + weights.length + " detector scores, got " + calibrated.length);
        }
        if (method == FusionMethod.MAX) {
            double fused = Double.NEGATIVE_INFINITY;
            for (int detector = 0; detector < weights.length; detector++) {
                double weighted = maxWeights[detector] * calibrated[detector];
                if (maxWeights[detector] > 0 && weighted > fused) {
                    fused = weighted;
                }
            }
            return fused == Double.NEGATIVE_INFINITY ? Double.NaN : fused;
        }
        double fused = 0.0;
        for (int detector = 0; detector < weights.length; detector++) {
            fused += weights[detector] * calibrated[detector];
        }
        return fused;
    }

    /** Prepares an event for fusion: zero fused score and contributions. */
    public void start(ScoredEvent event, int features) {
        startScores(event);
        event.sensorContributions = new double[features];
        event.pendingContributions = null;
        event.contributionsDeferred = false;
    }

    /** No detector score yet: the fused score before the first {@link #add}. */
    private void startScores(ScoredEvent event) {
        event.detectorScores = new double[weights.length];
        event.fusedScore = method == FusionMethod.MAX ? Double.NEGATIVE_INFINITY : 0.0;
    }

    /**
     * Prepares an event whose sensor contributions are computed only when asked for
     * ({@link ScoredEvent#contributions()}): {@link #add} and {@link #addDeferred} fuse the scores at
     * once and record the shares; the contributions, when computed, have the bits {@link #start}
     * would have given them ({@link PendingContributions}).
     */
    public void startDeferred(ScoredEvent event, int features) {
        startDeferred(event, features, detectors(), 0);
    }

    /**
     * As {@link #startDeferred(ScoredEvent, int)}, sizing the event's record for
     * {@code storedShares} detectors added with {@link #add} and one added with {@link #addDeferred}
     * whose input has {@code deferredInputLength} values (0: none), so it allocates once.
     */
    public void startDeferred(ScoredEvent event, int features, int storedShares, int deferredInputLength) {
        startScores(event);
        event.sensorContributions = null;
        event.pendingContributions = new PendingContributions(this, features,
                PendingContributions.capacity(features, storedShares, deferredInputLength));
        event.contributionsDeferred = true;
    }

    /**
     * Adds one detector's calibrated score to an event started with {@link #startDeferred}; its
     * sensor shares are computed by {@code sensorShares} from a copy of {@code input} only if the
     * contributions are asked for. One detector per event can be added this way.
     */
    public void addDeferred(ScoredEvent event, int detector, double calibrated, double[] input, DeferredShares sensorShares) {
        deferred(event, detector, calibrated, input, sensorShares, false);
    }

    /**
     * As {@link #addDeferred}, but the event's record borrows {@code input} instead of copying it:
     * the caller must call the returned record's {@link PendingContributions#stopBorrowing()}
     * before it writes {@code input} again (the record then copies it, if its contributions may
     * still be asked for).
     */
    public PendingContributions addDeferredBorrowing(ScoredEvent event, int detector, double calibrated, double[] input,
            DeferredShares sensorShares) {
        return deferred(event, detector, calibrated, input, sensorShares, true);
    }

    private PendingContributions deferred(ScoredEvent event, int detector, double calibrated, double[] input,
            DeferredShares sensorShares, boolean borrow) {
        if (event.pendingContributions == null) {
            throw new IllegalStateException("event of " + event.deviceId + " was not started with startDeferred");
        }
        fuseScore(event, detector, calibrated);
        event.pendingContributions.recordDeferred(detector, calibrated, input, sensorShares, borrow);
        return event.pendingContributions;
    }

    /**
     * Records the detector's score and fuses it; returns whether it now sets the fused score alone
     * (max fusion: it is the new maximum; weighted mean: always false).
     */
    private boolean fuseScore(ScoredEvent event, int detector, double calibrated) {
        event.detectorScores[detector] = calibrated;
        if (method == FusionMethod.MAX) {
            double weighted = maxWeights[detector] * calibrated;
            if (maxWeights[detector] > 0 && weighted > event.fusedScore) {
                event.fusedScore = weighted;
                return true;
            }
        } else {
            event.fusedScore += weights[detector] * calibrated;
        }
        return false;
    }

    /**
     * Adds one detector's calibrated score and its sensor shares (non-negative, any scale: they
     * are normalised here; all zeros means "no attribution"). On an event started with
     * {@link #startDeferred} the shares are copied into its record and kept for later.
     */
    public void add(ScoredEvent event, int detector, double calibrated, double[] sensorShares) {
        boolean newMaximum = fuseScore(event, detector, calibrated);
        if (event.pendingContributions != null) {
            event.pendingContributions.recordShares(detector, calibrated, sensorShares);
            return;
        }
        if (method == FusionMethod.MAX) {
            if (newMaximum) {
                java.util.Arrays.fill(event.sensorContributions, 0.0);
                for (int j = 0; j < sensorShares.length; j++) {
                    event.sensorContributions[j] = Math.max(0, sensorShares[j]);
                }
            }
            return;
        }
        double weighted = weights[detector] * calibrated;
        double total = 0;
        for (double share : sensorShares) {
            total += Math.max(0, share);
        }
        if (total > 0 && weighted > 0) {
            for (int j = 0; j < sensorShares.length; j++) {
                event.sensorContributions[j] += weighted * Math.max(0, sensorShares[j]) / total;
            }
        }
    }

    /**
     * Normalises the contributions to sum to 1 (or leaves them all zero); on a deferred event that
     * is left to {@link PendingContributions#compute}.
     */
    public void finish(ScoredEvent event) {
        if (event.fusedScore == Double.NEGATIVE_INFINITY) {
            event.fusedScore = Double.NaN; // MAX with no finite score
        }
        if (event.pendingContributions != null) {
            return;
        }
        double sum = 0;
        for (double c : event.sensorContributions) {
            sum += c;
        }
        if (sum > 0) {
            for (int j = 0; j < event.sensorContributions.length; j++) {
                event.sensorContributions[j] /= sum;
            }
        }
    }
}
