package io.fleetanomaly.evaluation.metrics;

/**
 * Binary confusion counts (label = actual anomaly, predicted = flagged) and the rates derived from them.
 *
 * <p>Every rate whose denominator is zero is 0, like scikit-learn with {@code zero_division=0}:
 * precision with nothing predicted positive, recall and miss rate with no actual positive, false-alarm
 * rate with no actual negative, F1 when TP, FP and FN are all zero, accuracy of an empty matrix.
 * (Alert-level {@code AlertQuality} differs on purpose: there "no alert" is precision 1.)
 */
public record ConfusionMatrix(long tp, long fp, long fn, long tn) {
    public static final ConfusionMatrix EMPTY = new ConfusionMatrix(0, 0, 0, 0);

    public ConfusionMatrix {
        if (tp < 0 || fp < 0 || fn < 0 || tn < 0) {
            throw new IllegalArgumentException(
                    "confusion counts must be >= 0, got tp=" + tp + " fp=" + fp + " fn=" + fn + " tn=" + tn);
        }
    }

    /** Counts pairs {@code (labels[i], predicted[i])}. */
    public static ConfusionMatrix of(boolean[] labels, boolean[] predicted) {
        if (labels.length != predicted.length) {
            throw new IllegalArgumentException(
                    "labels and predictions differ in length: " + labels.length + " vs " + predicted.length);
        }
        Counter counter = new Counter();
        for (int i = 0; i < labels.length; i++) {
            counter.add(labels[i], predicted[i]);
        }
        return counter.toMatrix();
    }

    public ConfusionMatrix plus(ConfusionMatrix other) {
        return new ConfusionMatrix(tp + other.tp, fp + other.fp, fn + other.fn, tn + other.tn);
    }

    public long positives() {
        return tp + fn;
    }

    public long negatives() {
        return fp + tn;
    }

    public long predictedPositives() {
        return tp + fp;
    }

    public long total() {
        return tp + fp + fn + tn;
    }

    /** TP / (TP + FP). */
    public double precision() {
        return ratio(tp, tp + fp);
    }

    /** TP / (TP + FN), the true-positive rate. */
    public double recall() {
        return ratio(tp, tp + fn);
    }

    /** 2TP / (2TP + FP + FN), the harmonic mean of precision and recall. */
    public double f1() {
        return ratio(2 * tp, 2 * tp + fp + fn);
    }

    /** False-alarm rate FP / (FP + TN), the false-positive rate. */
    public double far() {
        return ratio(fp, fp + tn);
    }

    /** Missed-alarm rate FN / (FN + TP) = 1 - recall when there are positives. */
    public double mar() {
        return ratio(fn, fn + tp);
    }

    public double accuracy() {
        return ratio(tp + tn, total());
    }

    /** {@code costMissed * FN + costFalseAlarm * FP}. */
    public double cost(double costMissed, double costFalseAlarm) {
        return costMissed * fn + costFalseAlarm * fp;
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0.0 : (double) numerator / denominator;
    }

    /** Mutable accumulator of (label, predicted) pairs; not thread-safe. */
    public static final class Counter {
        private long tp;
        private long fp;
        private long fn;
        private long tn;

        public Counter add(boolean label, boolean predicted) {
            if (label) {
                if (predicted) {
                    tp++;
                } else {
                    fn++;
                }
            } else if (predicted) {
                fp++;
            } else {
                tn++;
            }
            return this;
        }

        public Counter add(ConfusionMatrix matrix) {
            tp += matrix.tp;
            fp += matrix.fp;
            fn += matrix.fn;
            tn += matrix.tn;
            return this;
        }

        public ConfusionMatrix toMatrix() {
            return new ConfusionMatrix(tp, fp, fn, tn);
        }
    }
}
