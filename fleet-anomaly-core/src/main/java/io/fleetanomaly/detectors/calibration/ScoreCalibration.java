package io.fleetanomaly.detectors.calibration;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Maps a detector's raw score to a common scale: the surprise {@code -ln P(X >= raw)} under the
 * detector's score distribution on held-out normal data. On normal data every calibrated score is
 * then roughly Exp(1) (mean 1, standard deviation 1), whatever the detector, so scores can be
 * fused and thresholded together.
 *
 * <p>The distribution is stored as knots (raw value, ln tail probability) at fixed tail
 * probabilities, interpolated linearly in log space, with an exponential tail fitted to the
 * exceedances over the last knot for scores beyond anything seen in training.
 */
public final class ScoreCalibration implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Calibrated scores are capped here: p below e^-50 carries no extra information. */
    public static final double MAX_SCORE = 50.0;

    private static final double[] TAIL_PROBABILITIES = {
        1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001
    };
    /** Up to this many knots {@link #calibrate} counts the knots below a score instead of bisecting them. */
    private static final int COUNTED_KNOTS = 32;
    /** A tail probability is used as a knot only when this many samples lie beyond it. */
    private static final int MIN_SAMPLES_BEYOND_KNOT = 10;

    private final double[] rawKnots;
    private final double[] logTailKnots;
    private final double tailScale;
    private final long samples;

    public ScoreCalibration(double[] rawKnots, double[] logTailKnots, double tailScale, long samples) {
        if (rawKnots.length == 0 || rawKnots.length != logTailKnots.length) {
            throw new IllegalArgumentException("calibration needs matching, non-empty raw and log_tail knots");
        }
        for (int i = 0; i < rawKnots.length; i++) {
            if (!Double.isFinite(rawKnots[i]) || !Double.isFinite(logTailKnots[i]) || logTailKnots[i] > 0) {
                throw new IllegalArgumentException("calibration knot " + i + " is not finite or has p > 1");
            }
            if (i > 0 && (rawKnots[i] <= rawKnots[i - 1] || logTailKnots[i] >= logTailKnots[i - 1])) {
                throw new IllegalArgumentException(
                        "calibration knots must be strictly increasing in raw and decreasing in log_tail at " + i);
            }
        }
        if (!(tailScale > 0) || !Double.isFinite(tailScale)) {
            throw new IllegalArgumentException("calibration tail_scale must be positive, got " + tailScale);
        }
        this.rawKnots = rawKnots.clone();
        this.logTailKnots = logTailKnots.clone();
        this.tailScale = tailScale;
        this.samples = samples;
    }

    /** Fits the calibration to raw scores of held-out normal data. Higher raw = more anomalous. */
    public static ScoreCalibration fit(double[] normalScores) {
        double[] sorted = Arrays.stream(normalScores).filter(Double::isFinite).sorted().toArray();
        int n = sorted.length;
        if (n < 2 * MIN_SAMPLES_BEYOND_KNOT) {
            throw new IllegalArgumentException(
                    "calibration needs at least " + 2 * MIN_SAMPLES_BEYOND_KNOT + " finite scores, got " + n);
        }
        List<double[]> knots = new ArrayList<>();
        for (double p : TAIL_PROBABILITIES) {
            if (p < 1.0 && p * n < MIN_SAMPLES_BEYOND_KNOT) {
                break;
            }
            double raw = p == 1.0 ? sorted[0] : quantile(sorted, 1.0 - p);
            double logP = Math.log(p);
            if (!knots.isEmpty() && raw <= knots.get(knots.size() - 1)[0]) {
                // ties (discrete scores): P(X >= raw) is the largest tail probability at that value, the first
                continue;
            }
            knots.add(new double[] {raw, logP});
        }
        if (knots.size() < 2) {
            // a (nearly) constant score: anything above it is as surprising as the data allows
            double spread = Math.max(1e-9, Math.abs(sorted[0]) * 1e-6);
            knots.add(new double[] {sorted[n - 1] + spread, Math.log(1.0 / n)});
        }
        double[] raw = knots.stream().mapToDouble(k -> k[0]).toArray();
        double[] logTail = knots.stream().mapToDouble(k -> k[1]).toArray();
        return new ScoreCalibration(raw, logTail, fitTailScale(sorted, raw, logTail), n);
    }

    /** Calibrated score in [0, {@link #MAX_SCORE}]. */
    public double calibrate(double raw) {
        if (Double.isNaN(raw)) {
            return 0.0;
        }
        int last = rawKnots.length - 1;
        if (raw <= rawKnots[0]) {
            return 0.0;
        }
        double logTail;
        if (raw >= rawKnots[last]) {
            logTail = logTailKnots[last] - (raw - rawKnots[last]) / tailScale;
        } else {
            int i = raw != 0.0 && rawKnots.length <= COUNTED_KNOTS ? countedSearch(raw) : Arrays.binarySearch(rawKnots, raw);
            if (i >= 0) {
                logTail = logTailKnots[i];
            } else {
                int upper = -i - 1;
                int lower = upper - 1;
                double t = (raw - rawKnots[lower]) / (rawKnots[upper] - rawKnots[lower]);
                logTail = logTailKnots[lower] + t * (logTailKnots[upper] - logTailKnots[lower]);
            }
        }
        return Math.min(MAX_SCORE, Math.max(0.0, -logTail));
    }

    /**
     * {@code Arrays.binarySearch(rawKnots, raw)} for a raw score strictly between the first and the
     * last knot, not ±0 (the search orders -0.0 before 0.0, a comparison does not; the knots are
     * finite and strictly increasing, checked on construction): the index of the knot equal to raw,
     * else -(knots below raw) - 1. Counted over the few knots (16 from {@link #fit}) instead of
     * bisected, so no branch per step waits on the comparison: a bisection of scores near the
     * knots' middle mispredicts about every other step.
     */
    private int countedSearch(double raw) {
        int below = 0;
        for (double knot : rawKnots) {
            below += knot < raw ? 1 : 0;
        }
        return rawKnots[below] == raw ? below : -below - 1;
    }

    public double[] rawKnots() {
        return rawKnots.clone();
    }

    public double[] logTailKnots() {
        return logTailKnots.clone();
    }

    public double tailScale() {
        return tailScale;
    }

    public long samples() {
        return samples;
    }

    /** Exponential tail: the mean excess over the last knot is the MLE of its scale. */
    private static double fitTailScale(double[] sorted, double[] raw, double[] logTail) {
        double threshold = raw[raw.length - 1];
        double excessSum = 0;
        int exceedances = 0;
        for (int i = sorted.length - 1; i >= 0 && sorted[i] > threshold; i--) {
            excessSum += sorted[i] - threshold;
            exceedances++;
        }
        double lastSegmentScale = raw.length > 1
                ? (raw[raw.length - 1] - raw[raw.length - 2]) / (logTail[raw.length - 2] - logTail[raw.length - 1])
                : 0;
        double scale = exceedances >= 5 ? excessSum / exceedances : lastSegmentScale;
        double floor = Math.max(1e-12, 1e-6 * (Math.abs(threshold) + Math.abs(raw[0])));
        return Math.max(scale, floor);
    }

    private static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(lower + 1, sorted.length - 1);
        double t = position - lower;
        return sorted[lower] + t * (sorted[upper] - sorted[lower]);
    }
}
