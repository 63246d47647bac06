package io.fleetanomaly.evaluation.report;

/**
 * Counts of a binary decision against labels. The derived rates are {@code NaN} when undefined
 * (zero denominator); the report page computes the same formulas in JavaScript.
 */
public record ConfusionMatrix(long tp, long fp, long fn, long tn) {
    public ConfusionMatrix {
        if (tp < 0 || fp < 0 || fn < 0 || tn < 0) {
            throw new IllegalArgumentException("negative count in " + tp + "/" + fp + "/" + fn + "/" + tn);
        }
    }

    public double precision() {
        return ratio(tp, tp + fp);
    }

    public double recall() {
        return ratio(tp, tp + fn);
    }

    /** 2TP / (2TP + FP + FN), which equals the harmonic mean of precision and recall. */
    public double f1() {
        return ratio(2 * tp, 2 * tp + fp + fn);
    }

    public double falseAlarmRate() {
        return ratio(fp, fp + tn);
    }

    public double missedAlarmRate() {
        return ratio(fn, fn + tp);
    }

    /** Cost of the false decisions with the given weights. */
    public double cost(CostWeights weights) {
        return weights.falsePositive() * fp + weights.falseNegative() * fn;
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? Double.NaN : (double) numerator / denominator;
    }
}
