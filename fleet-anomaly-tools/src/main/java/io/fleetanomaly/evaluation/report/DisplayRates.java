package io.fleetanomaly.evaluation.report;

import io.fleetanomaly.evaluation.metrics.ConfusionMatrix;

/**
 * The rates of a {@link ConfusionMatrix} as the page shows them: the metrics package's values,
 * except that a rate whose denominator is 0 is {@code NaN} here (shown as a dash) where the
 * metrics package says 0 (scikit-learn's {@code zero_division=0}). The page's script applies the
 * same rule to the sweep rows ({@code report.js}).
 */
final class DisplayRates {
    private DisplayRates() {
    }

    /** TP / (TP + FP); undefined with nothing flagged. */
    static double precision(ConfusionMatrix m) {
        return defined(m.precision(), m.tp() + m.fp());
    }

    /** TP / (TP + FN); undefined with no labeled anomaly. */
    static double recall(ConfusionMatrix m) {
        return defined(m.recall(), m.tp() + m.fn());
    }

    /** 2TP / (2TP + FP + FN); undefined when TP, FP and FN are all 0. */
    static double f1(ConfusionMatrix m) {
        return defined(m.f1(), 2 * m.tp() + m.fp() + m.fn());
    }

    /** FP / (FP + TN); undefined with no labeled normal event. */
    static double far(ConfusionMatrix m) {
        return defined(m.far(), m.fp() + m.tn());
    }

    /** FN / (FN + TP); undefined with no labeled anomaly. */
    static double mar(ConfusionMatrix m) {
        return defined(m.mar(), m.fn() + m.tp());
    }

    private static double defined(double rate, long denominator) {
        return denominator == 0 ? Double.NaN : rate;
    }
}
