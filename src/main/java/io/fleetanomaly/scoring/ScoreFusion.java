package io.fleetanomaly.scoring;

import io.fleetanomaly.events.ScoredEvent;
import java.io.Serializable;

/**
 * Fuses calibrated detector scores: the fused score is the weighted sum of the detectors'
 * calibrated scores (weights sum to 1), and a sensor's contribution is the sum over detectors of
 * weight × calibrated score × the detector's share for that sensor, normalised to sum to 1.
 * Detectors are added one at a time, so the native detectors and the LSTM autoencoder (scored
 * later, in batches) go through the same arithmetic; {@link #finish} normalises.
 */
public final class ScoreFusion implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double[] weights;

    /** @param weights per detector, index-aligned with the event's detector scores, summing to 1 */
    public ScoreFusion(double[] weights) {
        this.weights = weights.clone();
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
        double fused = 0.0;
        for (int detector = 0; detector < weights.length; detector++) {
            fused += weights[detector] * calibrated[detector];
        }
        return fused;
    }

    /** Prepares an event for fusion: zero fused score and contributions. */
    public void start(ScoredEvent event, int features) {
        event.detectorScores = new double[weights.length];
        event.sensorContributions = new double[features];
        event.fusedScore = 0.0;
    }

    /**
     * Adds one detector's calibrated score and its sensor shares (non-negative, any scale: they
     * are normalised here; all zeros means "no attribution").
     */
    public void add(ScoredEvent event, int detector, double calibrated, double[] sensorShares) {
        event.detectorScores[detector] = calibrated;
        double weighted = weights[detector] * calibrated;
        event.fusedScore += weighted;
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

    /** Normalises the contributions to sum to 1 (or leaves them all zero). */
    public void finish(ScoredEvent event) {
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
