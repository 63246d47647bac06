package io.fleetanomaly.evaluation.report;

/**
 * Quality of a score cut at one threshold. A rate that is undefined (e.g. precision with nothing
 * flagged) is {@code NaN} and shows as a dash.
 *
 * @param threshold       the threshold
 * @param precision       TP / (TP + FP)
 * @param recall          TP / (TP + FN)
 * @param f1              harmonic mean of precision and recall
 * @param falseAlarmRate  FAR, FP / (FP + TN)
 * @param missedAlarmRate MAR, FN / (FN + TP)
 */
public record ThresholdMetrics(
        double threshold,
        double precision,
        double recall,
        double f1,
        double falseAlarmRate,
        double missedAlarmRate) {

    /** The metrics of a confusion matrix at {@code threshold}. */
    public static ThresholdMetrics of(double threshold, ConfusionMatrix m) {
        return new ThresholdMetrics(threshold, m.precision(), m.recall(), m.f1(),
                m.falseAlarmRate(), m.missedAlarmRate());
    }
}
