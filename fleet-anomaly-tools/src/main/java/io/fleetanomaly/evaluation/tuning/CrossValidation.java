package io.fleetanomaly.evaluation.tuning;

import io.fleetanomaly.evaluation.metrics.ConfusionMatrix;
import io.fleetanomaly.alerting.AlertSettings;
import io.fleetanomaly.fusion.FusionMethod;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Two-fold cross-validation of the fusion weights and alert settings over devices: the devices are
 * split in two halves (stratified, {@link DeviceSplit}); on each half the best setting is chosen —
 * the highest F1 among those whose false-alarm rate stays within a limit on that half (the highest
 * F1 overall when none does) — and applied to the other half. The reported confusion is the sum over
 * the two held-out halves, so no device is scored with settings chosen on its own labels.
 *
 * <p>Settings that change the detector scores themselves (say the device-mode smoothing, which needs
 * the experiments scored again) are learned the same way: each {@link Variant} is the same devices
 * scored one way, the weights × alert settings search runs on each, and the fold takes the variant
 * whose best setting is best on its tuning half (ties: the first variant).
 */
public final class CrossValidation {
    /**
     * The same devices (same ids, labels and warm-up) scored one way, e.g. with one smoothing value.
     *
     * @param name what the variant is, as printed ("smoothing 10")
     */
    public record Variant(String name, List<DeviceSeries> devices) {
        public Variant {
            devices = List.copyOf(devices);
        }
    }

    /**
     * What one fold chose on its tuning half and what that gave on the held-out half.
     *
     * @param bestOfEachVariant per variant (in the order given), its best setting's confusion on the tuning half
     */
    public record Fold(String variant, double[] weights, AlertSettings settings, ConfusionMatrix chosenOn,
            ConfusionMatrix heldOut, Map<String, ConfusionMatrix> bestOfEachVariant) {}

    /** Both folds and the held-out confusion summed over them. */
    public record Result(List<Fold> folds, ConfusionMatrix heldOut) {}

    private CrossValidation() {}

    /** One way of scoring the devices: only the weights and alert settings are learned. */
    public static Result twoFold(List<DeviceSeries> devices, List<double[]> weightCandidates, AlertGrid grid,
            FusionMethod fusion, double maxFalseAlarmRate, long seed) {
        return twoFoldOverVariants(List.of(new Variant("recorded", devices)), weightCandidates, grid, fusion, maxFalseAlarmRate, seed);
    }

    /**
     * The variant, weights and alert settings learned together. The split is made on the first
     * variant's devices; every variant must hold the same devices with the same counted events.
     */
    public static Result twoFoldOverVariants(List<Variant> variants, List<double[]> weightCandidates, AlertGrid grid,
            FusionMethod fusion, double maxFalseAlarmRate, long seed) {
        if (variants.isEmpty()) {
            throw new IllegalArgumentException("no variants to cross-validate");
        }
        if (variants.stream().map(Variant::name).distinct().count() != variants.size()) {
            throw new IllegalArgumentException("variant names repeat");
        }
        DeviceSplit split = DeviceSplit.stratified(variants.get(0).devices(), 0.5, seed);
        for (Variant variant : variants) {
            DeviceSplit own = DeviceSplit.stratified(variant.devices(), 0.5, seed);
            if (!own.equals(split) || variant.devices().size() != variants.get(0).devices().size()) {
                throw new IllegalArgumentException("variant " + variant.name()
                        + " does not hold the same devices and anomalies as " + variants.get(0).name());
            }
        }
        Fold first = fold(variants, split, true, weightCandidates, grid, fusion, maxFalseAlarmRate);
        Fold second = fold(variants, split, false, weightCandidates, grid, fusion, maxFalseAlarmRate);
        ConfusionMatrix.Counter total = new ConfusionMatrix.Counter();
        total.add(first.heldOut());
        total.add(second.heldOut());
        return new Result(List.of(first, second), total.toMatrix());
    }

    private static Fold fold(List<Variant> variants, DeviceSplit split, boolean tuneOnFirstPart,
            List<double[]> weightCandidates, AlertGrid grid, FusionMethod fusion, double maxFalseAlarmRate) {
        WeightGridSearch.Selection selection = WeightGridSearch.Selection.bestF1WithFarAtMost(maxFalseAlarmRate);
        List<SettingsRow> bestOfEach = new ArrayList<>();
        Map<String, ConfusionMatrix> bestOfEachVariant = new LinkedHashMap<>();
        List<WeightGridSearch.Choice> choices = new ArrayList<>();
        for (Variant variant : variants) {
            List<DeviceSeries> tuning = tuneOnFirstPart ? split.tuningPart(variant.devices()) : split.validationPart(variant.devices());
            WeightGridSearch.Choice choice = WeightGridSearch.run(tuning, weightCandidates, grid, fusion, false).select(selection);
            choices.add(choice);
            bestOfEach.add(choice.row());
            bestOfEachVariant.put(variant.name(), choice.row().matrix());
        }
        // the same rule among each variant's best: the best over every variant's rows (the first on ties)
        SettingsRow best = selection.choose(bestOfEach).orElseThrow();
        int v = indexOf(bestOfEach, best);
        Variant chosenVariant = variants.get(v);
        WeightGridSearch.Choice chosen = choices.get(v);
        List<DeviceSeries> heldOut = tuneOnFirstPart ? split.validationPart(chosenVariant.devices()) : split.tuningPart(chosenVariant.devices());
        AlertSettings settings = chosen.row().settings();
        ConfusionMatrix onHeldOut = AlertReplay.confusion(FleetScores.fuse(heldOut, chosen.weights(), fusion), settings);
        return new Fold(chosenVariant.name(), chosen.weights(), settings, chosen.row().matrix(), onHeldOut,
                Collections.unmodifiableMap(bestOfEachVariant));
    }

    private static int indexOf(List<SettingsRow> rows, SettingsRow row) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i) == row) {
                return i;
            }
        }
        throw new IllegalStateException("the selection chose a row that is not among the variants' best");
    }
}
