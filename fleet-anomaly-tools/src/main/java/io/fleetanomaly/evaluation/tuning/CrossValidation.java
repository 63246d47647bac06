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

    /**
     * How a selection rule fared in 2-fold splits of a tuning half: the held-out confusion summed over
     * every inner split (each device counted once per repetition).
     */
    public record RuleEvidence(SelectionRule rule, ConfusionMatrix innerHeldOut) {}

    /**
     * One fold of {@link #twoFoldChoosingRule}: the evidence of every rule on the tuning half, the rule
     * it chose and what that rule learned there, the candidate it chose, its confusion on the tuning
     * half and on the held-out half. {@code heldOutByRule}: what each rule's own choice gives on the
     * held-out half, for the record (no choice looks at it).
     */
    public record RuledFold(List<RuleEvidence> evidence, SelectionRule rule, String learned, String variant,
            double[] weights, AlertSettings settings, ConfusionMatrix chosenOn, ConfusionMatrix heldOut,
            Map<String, ConfusionMatrix> heldOutByRule) {}

    /** Both folds, the held-out confusion summed over them, and per rule the same for the record. */
    public record RuledResult(List<RuledFold> folds, ConfusionMatrix heldOut, Map<String, ConfusionMatrix> heldOutByRule) {}

    /**
     * Two-fold cross-validation in which each fold also chooses its selection rule on its tuning half
     * alone: every rule is tried in {@code evidenceRepetitions} 2-fold splits of the tuning half
     * ({@link #ruleEvidence}), the fold takes the rule whose inner held-out FAR is within
     * {@code maxFar} with the best inner held-out F1 ({@link #chooseRule}), applies it to the whole
     * tuning half and scores the candidate on the held-out half. The outer split is the one of
     * {@link #twoFoldOverVariants} with the same seed; the candidates are every variant × weights ×
     * setting ({@link DeviceConfusionTable#replay}).
     */
    public static RuledResult twoFoldChoosingRule(List<Variant> variants, List<double[]> weightCandidates, AlertGrid grid,
            FusionMethod fusion, List<SelectionRule> rules, double maxFar, int evidenceRepetitions, long seed, boolean parallel) {
        DeviceConfusionTable table = DeviceConfusionTable.replay(variants, weightCandidates, grid, fusion, parallel);
        return twoFoldChoosingRule(table, variants.stream().map(Variant::name).toList(), rules, maxFar, evidenceRepetitions, seed);
    }

    /** {@link #twoFoldChoosingRule(List, List, AlertGrid, FusionMethod, List, double, int, long, boolean)} on a table. */
    public static RuledResult twoFoldChoosingRule(DeviceConfusionTable table, List<String> variantNames,
            List<SelectionRule> rules, double maxFar, int evidenceRepetitions, long seed) {
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("no selection rules");
        }
        int[][] parts = table.split(table.allDevices(), seed);
        List<RuledFold> folds = new ArrayList<>();
        ConfusionMatrix.Counter total = new ConfusionMatrix.Counter();
        Map<String, ConfusionMatrix.Counter> totalByRule = new LinkedHashMap<>();
        for (int way = 0; way < 2; way++) {
            int[] tuning = parts[way];
            int[] heldOut = parts[1 - way];
            List<RuleEvidence> evidence = ruleEvidence(table, tuning, rules, evidenceRepetitions);
            SelectionRule rule = chooseRule(evidence, maxFar);
            // every rule's choice once: the chosen rule's is the fold's, the others' are for the record
            int chosen = -1;
            Map<String, ConfusionMatrix> byRule = new LinkedHashMap<>();
            for (SelectionRule each : rules) {
                int choice = each.choose(table, tuning);
                if (each == rule) {
                    chosen = choice;
                }
                ConfusionMatrix m = table.confusion(choice, heldOut);
                byRule.put(each.name(), m);
                totalByRule.computeIfAbsent(each.name(), name -> new ConfusionMatrix.Counter()).add(m);
            }
            DeviceConfusionTable.Candidate candidate = table.candidate(chosen);
            ConfusionMatrix onHeldOut = table.confusion(chosen, heldOut);
            total.add(onHeldOut);
            folds.add(new RuledFold(evidence, rule, rule.learned(table, tuning), variantNames.get(candidate.variant()),
                    candidate.weights().clone(), candidate.settings(), table.confusion(chosen, tuning), onHeldOut,
                    Collections.unmodifiableMap(byRule)));
        }
        Map<String, ConfusionMatrix> heldOutByRule = new LinkedHashMap<>();
        totalByRule.forEach((name, counter) -> heldOutByRule.put(name, counter.toMatrix()));
        return new RuledResult(List.copyOf(folds), total.toMatrix(), Collections.unmodifiableMap(heldOutByRule));
    }

    /**
     * Each rule tried in {@code repetitions} 2-fold splits of {@code devices} (seeds 1 … repetitions,
     * both ways): chosen on one part, its confusion on the other, summed.
     */
    public static List<RuleEvidence> ruleEvidence(DeviceConfusionTable table, int[] devices, List<SelectionRule> rules,
            int repetitions) {
        if (repetitions < 1) {
            throw new IllegalArgumentException("repetitions must be >= 1, got " + repetitions);
        }
        List<RuleEvidence> evidence = new ArrayList<>();
        for (SelectionRule rule : rules) {
            ConfusionMatrix.Counter counter = new ConfusionMatrix.Counter();
            for (int splitSeed = 1; splitSeed <= repetitions; splitSeed++) {
                int[][] parts = table.split(devices, splitSeed);
                for (int way = 0; way < 2; way++) {
                    if (parts[way].length > 0 && parts[1 - way].length > 0) {
                        counter.add(table.confusion(rule.choose(table, parts[way]), parts[1 - way]));
                    }
                }
            }
            evidence.add(new RuleEvidence(rule, counter.toMatrix()));
        }
        return List.copyOf(evidence);
    }

    /**
     * The rule with the best inner held-out F1 among those whose inner held-out FAR is at most
     * {@code maxFar} (the first on ties); when none is, the one with the lowest FAR (the first on ties).
     */
    public static SelectionRule chooseRule(List<RuleEvidence> evidence, double maxFar) {
        RuleEvidence best = null;
        RuleEvidence lowest = null;
        for (RuleEvidence e : evidence) {
            ConfusionMatrix m = e.innerHeldOut();
            if (m.far() <= maxFar && (best == null || m.f1() > best.innerHeldOut().f1())) {
                best = e;
            }
            if (lowest == null || m.far() < lowest.innerHeldOut().far()) {
                lowest = e;
            }
        }
        if (lowest == null) {
            throw new IllegalArgumentException("no rule evidence");
        }
        return (best != null ? best : lowest).rule();
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
