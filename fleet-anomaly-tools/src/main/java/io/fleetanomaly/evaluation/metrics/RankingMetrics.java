package io.fleetanomaly.evaluation.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Threshold-free quality of anomaly scores against binary labels: ROC and precision-recall curves,
 * ROC-AUC and average precision, with scikit-learn's definitions. The scores are sorted once, on
 * construction; a higher score means more anomalous.
 *
 * <p>Equal scores are one threshold: they enter the flagged set together, as one step of the curves.
 * ROC-AUC is the trapezoidal area, which equals the Mann-Whitney probability that a random anomaly
 * scores above a random normal event, ties counting 1/2. Average precision is
 * {@code sum_k (R_k - R_(k-1)) * P_k} over the distinct thresholds in decreasing order (scikit-learn's
 * {@code average_precision_score}: step-wise, not interpolated).
 *
 * <p>Without anomalies (or without normal events) the rates with that denominator are NaN on the
 * curves, and ROC-AUC (or average precision, when there is no anomaly) is NaN: scikit-learn raises or
 * warns there, and a NaN keeps a fleet report going while saying "undefined".
 */
public final class RankingMetrics {
    private final long positives;
    private final long negatives;
    /** Distinct scores in decreasing order, and the cumulative counts flagged at each. */
    private final double[] thresholds;
    private final long[] cumulativeTp;
    private final long[] cumulativeFp;

    private RankingMetrics(double[] scores, boolean[] labels) {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException(
                    "scores and labels differ in length: " + scores.length + " vs " + labels.length);
        }
        int n = scores.length;
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("score " + i + " is NaN; ranking metrics need a score for every event");
            }
        }
        // Distinct scores, decreasing (-0.0 folded into 0.0: they are the same threshold).
        double[] sorted = new double[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = scores[i] + 0.0;
        }
        Arrays.sort(sorted);
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                distinct++;
            }
        }
        double[] distinctDescending = new double[distinct];
        for (int i = n - 1, d = 0; i >= 0; i--) {
            if (i == n - 1 || sorted[i] != sorted[i + 1]) {
                distinctDescending[d++] = sorted[i];
            }
        }
        // Positives and negatives per distinct score, then cumulated from the highest score down.
        long[] tpAt = new long[distinct];
        long[] fpAt = new long[distinct];
        long pos = 0;
        for (int i = 0; i < n; i++) {
            int d = indexDescending(distinctDescending, scores[i] + 0.0);
            if (labels[i]) {
                tpAt[d]++;
                pos++;
            } else {
                fpAt[d]++;
            }
        }
        for (int d = 1; d < distinct; d++) {
            tpAt[d] += tpAt[d - 1];
            fpAt[d] += fpAt[d - 1];
        }
        this.positives = pos;
        this.negatives = n - pos;
        this.thresholds = distinctDescending;
        this.cumulativeTp = tpAt;
        this.cumulativeFp = fpAt;
    }

    public static RankingMetrics of(double[] scores, boolean[] labels) {
        return new RankingMetrics(scores, labels);
    }

    /** Labels as 0 (normal) or 1 (anomaly); anything else is rejected. */
    public static RankingMetrics of(double[] scores, int[] labels) {
        return new RankingMetrics(scores, toBoolean(labels));
    }

    static boolean[] toBoolean(int[] labels) {
        boolean[] result = new boolean[labels.length];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("label " + i + " is " + labels[i] + "; labels must be 0 or 1");
            }
            result[i] = labels[i] == 1;
        }
        return result;
    }

    private static int indexDescending(double[] descending, double value) {
        int lo = 0;
        int hi = descending.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Double.compare(descending[mid], value);
            if (c == 0) {
                return mid;
            } else if (c > 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        throw new IllegalStateException("score " + value + " missing from its own sorted copy");
    }

    public long positives() {
        return positives;
    }

    public long negatives() {
        return negatives;
    }

    /**
     * ROC points from (0, 0) at threshold {@code +Infinity} through one point per distinct score, in
     * decreasing threshold order, ending at (1, 1). No collinear point is dropped (see
     * {@link Curves#downsample} for plotting).
     */
    public List<RocPoint> rocCurve() {
        List<RocPoint> points = new ArrayList<>(thresholds.length + 1);
        points.add(new RocPoint(Double.POSITIVE_INFINITY, 0.0, 0.0));
        for (int d = 0; d < thresholds.length; d++) {
            points.add(new RocPoint(thresholds[d], rate(cumulativeFp[d], negatives), rate(cumulativeTp[d], positives)));
        }
        return Collections.unmodifiableList(points);
    }

    /** Area under the ROC curve (trapezoids); NaN without both classes. */
    public double rocAuc() {
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        // Sum of trapezoids in counts (exact in long arithmetic up to the final division).
        double area = 0;
        long previousTp = 0;
        long previousFp = 0;
        for (int d = 0; d < thresholds.length; d++) {
            area += (double) (cumulativeFp[d] - previousFp) * (cumulativeTp[d] + previousTp);
            previousTp = cumulativeTp[d];
            previousFp = cumulativeFp[d];
        }
        return area / 2.0 / ((double) positives * negatives);
    }

    /**
     * Precision-recall points: scikit-learn's {@code precision_recall_curve} (all thresholds, no
     * truncation at full recall) in reverse, so that recall never decreases along the list. First the
     * closing point (recall 0, precision 1) at threshold {@code +Infinity}, then one point per distinct
     * score in decreasing order, the last at the lowest score (recall 1, precision = share of anomalies).
     */
    public List<PrPoint> precisionRecallCurve() {
        List<PrPoint> points = new ArrayList<>(thresholds.length + 1);
        points.add(new PrPoint(Double.POSITIVE_INFINITY, 0.0, 1.0));
        for (int d = 0; d < thresholds.length; d++) {
            long tp = cumulativeTp[d];
            points.add(new PrPoint(thresholds[d], rate(tp, positives), (double) tp / (tp + cumulativeFp[d])));
        }
        return Collections.unmodifiableList(points);
    }

    /** Average precision (scikit-learn's definition, step-wise); NaN without anomalies. */
    public double averagePrecision() {
        if (positives == 0) {
            return Double.NaN;
        }
        double sum = 0;
        long previousTp = 0;
        for (int d = 0; d < thresholds.length; d++) {
            long tp = cumulativeTp[d];
            if (tp != previousTp) {
                double precision = (double) tp / (tp + cumulativeFp[d]);
                sum += (double) (tp - previousTp) / positives * precision;
                previousTp = tp;
            }
        }
        return sum;
    }

    private static double rate(long count, long total) {
        return total == 0 ? Double.NaN : (double) count / total;
    }
}
