package io.fleetanomaly.evaluation.tuning;

import io.fleetanomaly.evaluation.metrics.ConfusionMatrix;
import io.fleetanomaly.alerting.AlertSettings;
import io.fleetanomaly.fusion.FusionMethod;
import java.util.List;

/**
 * Two-fold cross-validation of the fusion weights and alert settings over devices: the devices are
 * split in two halves (stratified, {@link DeviceSplit}); on each half the best setting is chosen —
 * the highest F1 among those whose false-alarm rate stays within a limit on that half (the highest
 * F1 overall when none does) — and applied to the other half. The reported confusion is the sum over
 * the two held-out halves, so no device is scored with settings chosen on its own labels.
 */
public final class CrossValidation {
    /** What one fold chose on its tuning half and what that gave on the held-out half. */
    public record Fold(double[] weights, AlertSettings settings, ConfusionMatrix chosenOn,
            ConfusionMatrix heldOut) {}

    /** Both folds and the held-out confusion summed over them. */
    public record Result(List<Fold> folds, ConfusionMatrix heldOut) {}

    private CrossValidation() {}

    public static Result twoFold(List<DeviceSeries> devices, List<double[]> weightCandidates, AlertGrid grid,
            FusionMethod fusion, double maxFalseAlarmRate, long seed) {
        DeviceSplit split = DeviceSplit.stratified(devices, 0.5, seed);
        List<DeviceSeries> a = split.tuningPart(devices);
        List<DeviceSeries> b = split.validationPart(devices);
        Fold first = fold(a, b, weightCandidates, grid, fusion, maxFalseAlarmRate);
        Fold second = fold(b, a, weightCandidates, grid, fusion, maxFalseAlarmRate);
        ConfusionMatrix.Counter total = new ConfusionMatrix.Counter();
        total.add(first.heldOut());
        total.add(second.heldOut());
        return new Result(List.of(first, second), total.toMatrix());
    }

    private static Fold fold(List<DeviceSeries> tuning, List<DeviceSeries> heldOut, List<double[]> weightCandidates,
            AlertGrid grid, FusionMethod fusion, double maxFalseAlarmRate) {
        WeightGridSearch.Choice chosen = WeightGridSearch.run(tuning, weightCandidates, grid, fusion, false)
                .select(WeightGridSearch.Selection.bestF1WithFarAtMost(maxFalseAlarmRate));
        AlertSettings settings = chosen.row().settings();
        ConfusionMatrix onHeldOut = AlertReplay.confusion(FleetScores.fuse(heldOut, chosen.weights(), fusion), settings);
        return new Fold(chosen.weights(), settings, chosen.row().matrix(), onHeldOut);
    }
}
