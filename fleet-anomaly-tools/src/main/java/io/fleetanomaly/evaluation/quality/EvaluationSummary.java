package io.fleetanomaly.evaluation.quality;

import io.fleetanomaly.evaluation.metrics.ConfusionMatrix;
import io.fleetanomaly.evaluation.metrics.DetectionDelay;
import io.fleetanomaly.evaluation.metrics.NabScorer;
import io.fleetanomaly.evaluation.metrics.SweepRow;
import java.io.PrintStream;
import java.util.Locale;

/** The text summary of an evaluation, as {@code evaluate} prints it. */
public final class EvaluationSummary {
    private EvaluationSummary() {}

    public static void print(PrintStream out, EvaluationResult r, EvaluationOptions options) {
        out.printf(Locale.ROOT, "== evaluation: %d devices, %,d scored labeled events (%,d anomalous), %,d warm-up events%n",
                r.devices(), r.countedEvents(), r.anomalousEvents(), r.warmupEvents());
        out.println("per-event score     ROC-AUC  PR-AUC  best-F1 at    P      R      F1     FAR      MAR");
        for (DetectorQuality d : r.detectors()) {
            ConfusionMatrix m = d.bestF1().matrix();
            out.printf(Locale.ROOT, "%-18s  %6.3f   %6.3f  %9.3f  %s%n", d.name(), d.ranking().rocAuc(),
                    d.ranking().averagePrecision(), d.bestF1().threshold(), rates(m));
        }
        AlertOutcome a = r.alerts();
        out.printf(Locale.ROOT, "alerts (h %.2f)     %s   TP %,d FP %,d FN %,d TN %,d%n", a.h(), rates(a.confusion()),
                a.confusion().tp(), a.confusion().fp(), a.confusion().fn(), a.confusion().tn());
        out.println("                    (an event counts as flagged while its device has an open alert)");
        NabScorer.Result nab = a.nab();
        out.printf(Locale.ROOT, "NAB (%d s windows, %s of each changepoint)  standard %.2f  reward_low_FP %.2f  reward_low_FN %.2f"
                        + "   (%d of %d windows detected, %d false openings)%n",
                options.nabWindow().toSeconds(), options.nabPlacement().name().toLowerCase(Locale.ROOT),
                nab.normalized(NabScorer.Profile.STANDARD), nab.normalized(NabScorer.Profile.REWARD_LOW_FP),
                nab.normalized(NabScorer.Profile.REWARD_LOW_FN), nab.detectedWindows(), nab.windows(), nab.falsePositives());
        DetectionDelay.Result delay = a.delay();
        out.printf(Locale.ROOT, "anomalies detected  %d of %d, delay mean %.1f s, median %.1f s%n", delay.detected(),
                delay.episodes().size(), delay.meanDelayMs() / 1000, delay.medianDelayMs() / 1000);
        out.printf(Locale.ROOT, "h sweep (%d values) best F1     at h %.2f  %s%n", a.hSweep().size(), a.bestF1().threshold(),
                rates(a.bestF1().matrix()));
        SweepRow cheap = a.minCost();
        out.printf(Locale.ROOT, "h sweep cost-weighted (missed %.3g, false alarm %.3g) at h %.2f  %s%n",
                options.costMissed(), options.costFalseAlarm(), cheap.threshold(), rates(cheap.matrix()));
    }

    /** P, R, F1, FAR and MAR of a confusion matrix, fixed width. */
    public static String rates(ConfusionMatrix m) {
        return String.format(Locale.ROOT, "%.3f  %.3f  %.3f  %6.2f%%  %6.2f%%", m.precision(), m.recall(), m.f1(),
                100 * m.far(), 100 * m.mar());
    }
}
