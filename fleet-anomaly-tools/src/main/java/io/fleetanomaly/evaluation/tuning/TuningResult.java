package io.fleetanomaly.evaluation.tuning;

import io.fleetanomaly.evaluation.metrics.ConfusionMatrix;
import java.util.List;
import java.util.Locale;

/**
 * What {@link FusionTuner} found. Every point was chosen on the tuning part only; its validation
 * figures show whether the choice generalises.
 *
 * @param detectorNames the detectors, in weight order
 * @param split which devices tuned and which validated
 * @param current the bundle's weights and alert settings
 * @param alertsOnlyBestF1 the bundle's weights, alert settings of best F1 over the grid
 * @param alertsOnlyMinCost the bundle's weights, alert settings of least cost over the grid
 * @param bestF1 weights and alert settings of best F1 (what a tuned bundle carries by default)
 * @param minCost weights and alert settings of least {@code costMissed × FN + costFalseAlarm × FP}
 * @param bestF1Sweep the grid on the tuning part with {@code bestF1}'s weights (h in each row's settings)
 * @param weightVectors weight vectors tried
 * @param settingsPerWeights alert settings tried per weight vector
 * @param maxRecordedFusedDifference largest |recorded − recomputed| fused score with the bundle's
 *     weights (0 when the replay used those weights: the recomputation is the job's arithmetic)
 * @param recordedAlertMismatches events whose recorded alert flag differs from the replay of the
 *     recorded fused scores under the current settings (0 expected), or -1 when not recorded
 */
public record TuningResult(
        String[] detectorNames,
        DeviceSplit split,
        OperatingPoint current,
        OperatingPoint alertsOnlyBestF1,
        OperatingPoint alertsOnlyMinCost,
        OperatingPoint bestF1,
        OperatingPoint minCost,
        List<SettingsRow> bestF1Sweep,
        int weightVectors,
        int settingsPerWeights,
        double costMissed,
        double costFalseAlarm,
        double maxRecordedFusedDifference,
        long recordedAlertMismatches) {

    public TuningResult {
        detectorNames = detectorNames.clone();
        bestF1Sweep = List.copyOf(bestF1Sweep);
    }

    @Override
    public String[] detectorNames() {
        return detectorNames.clone();
    }

    /** A few lines for a person: the split, then each point with its tuning and validation figures. */
    public String summary() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "split      %d tuning devices, %d validation devices (fraction %.2f, seed %d)%n",
                split.tuning().size(), split.validation().size(), split.validationFraction(), split.seed()));
        out.append(String.format(Locale.ROOT, "searched   %d weight vectors x %d alert settings on the tuning part%n",
                weightVectors, settingsPerWeights));
        out.append(String.format(Locale.ROOT, "%-22s %-28s %6s %5s %7s %8s  %-23s %-23s%n", "point", "weights "
                + String.join("/", detectorNames), "h", "k", "resolve", "recovery", "tuning F1 (P, R)",
                "validation F1 (P, R)"));
        line(out, "current", current);
        line(out, "alerts only, best F1", alertsOnlyBestF1);
        line(out, "alerts only, min cost", alertsOnlyMinCost);
        line(out, "best F1", bestF1);
        line(out, "min cost", minCost);
        out.append(String.format(Locale.ROOT, "costs      missed %.3g, false alarm %.3g per event%n", costMissed, costFalseAlarm));
        if (maxRecordedFusedDifference > 1e-9) {
            out.append(String.format(Locale.ROOT, "warning    recorded fused scores differ from the bundle's weights by up to %.3g%n",
                    maxRecordedFusedDifference));
        }
        if (recordedAlertMismatches > 0) {
            out.append(String.format(Locale.ROOT, "warning    the replay differs from the recorded alert flags on %d events%n",
                    recordedAlertMismatches));
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String name, OperatingPoint p) {
        StringBuilder weights = new StringBuilder();
        for (double w : p.weights()) {
            if (weights.length() > 0) {
                weights.append('/');
            }
            weights.append(String.format(Locale.ROOT, "%.2f", w));
        }
        out.append(String.format(Locale.ROOT, "%-22s %-28s %6.2f %5.1f %7d %8.1f  %-23s %-23s%n", name, weights,
                p.settings().h(), p.settings().k(), p.settings().resolveAfterEvents(), p.settings().recoveryFraction(),
                figures(p.tuning()), figures(p.validation())));
    }

    private static String figures(ConfusionMatrix m) {
        return String.format(Locale.ROOT, "%.3f (%.3f, %.3f)", m.f1(), m.precision(), m.recall());
    }
}
