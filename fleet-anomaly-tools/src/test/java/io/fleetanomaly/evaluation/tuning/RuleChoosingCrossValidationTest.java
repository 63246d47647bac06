package io.fleetanomaly.evaluation.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetanomaly.alerting.AlertSettings;
import io.fleetanomaly.evaluation.metrics.ConfusionMatrix;
import io.fleetanomaly.fusion.FusionMethod;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleChoosingCrossValidationTest {
    private static final AlertSettings BASE = AlertSettings.builder().minReopenGapMs(0).build();
    private static final double[] EQUAL = {0.5, 0.5};

    private static List<CrossValidation.Variant> variants() {
        return List.of(
                new CrossValidation.Variant("faint", TuningData.informativeAndNoise(20, 2, EQUAL, 60, 4, 150, 30, 0.2, 11)),
                new CrossValidation.Variant("clear", TuningData.informativeAndNoise(20, 2, EQUAL, 60, 4, 150, 30, 1.5, 11)));
    }

    private static AlertGrid grid() {
        return AlertGrid.overH(BASE, TuningOptions.defaults(BASE).grid().h()).withResolveAfterEvents(10, 30);
    }

    @Test
    void theTableHoldsEachCandidatesConfusionPerDeviceAsTheAlertReplayCountsIt() {
        List<CrossValidation.Variant> variants = variants();
        List<double[]> weights = WeightGrid.simplex(2, 4);
        DeviceConfusionTable table = DeviceConfusionTable.replay(variants, weights, grid(), FusionMethod.WEIGHTED_MEAN, true);
        assertThat(table.candidateCount()).isEqualTo(2 * weights.size() * grid().size());
        for (int c : new int[] {0, 17, table.candidateCount() / 2 + 3, table.candidateCount() - 1}) {
            DeviceConfusionTable.Candidate candidate = table.candidate(c);
            List<DeviceSeries> devices = variants.get(candidate.variant()).devices();
            assertThat(table.confusion(c, table.allDevices())).isEqualTo(
                    AlertReplay.confusion(FleetScores.fuse(devices, candidate.weights()), candidate.settings()));
            assertThat(table.confusion(c, new int[] {4})).isEqualTo(
                    AlertReplay.confusion(FleetScores.fuse(List.of(devices.get(4)), candidate.weights()), candidate.settings()));
        }
    }

    @Test
    void withThePlainLimitAloneItChoosesWhatTheSearchOverVariantsChooses() {
        List<CrossValidation.Variant> variants = variants();
        List<double[]> weights = WeightGrid.simplex(2, 10);
        double limit = 0.02;
        CrossValidation.Result search = CrossValidation.twoFoldOverVariants(variants, weights, grid(),
                FusionMethod.WEIGHTED_MEAN, limit, 1L);
        CrossValidation.RuledResult ruled = CrossValidation.twoFoldChoosingRule(variants, weights, grid(),
                FusionMethod.WEIGHTED_MEAN, List.of(new SelectionRule.FarLimit(limit)), limit, 3, 1L, false);
        for (int f = 0; f < 2; f++) {
            CrossValidation.Fold expected = search.folds().get(f);
            CrossValidation.RuledFold fold = ruled.folds().get(f);
            assertThat(fold.variant()).isEqualTo(expected.variant());
            assertThat(fold.weights()).containsExactly(expected.weights());
            assertThat(fold.settings()).isEqualTo(expected.settings());
            assertThat(fold.chosenOn()).isEqualTo(expected.chosenOn());
            assertThat(fold.heldOut()).isEqualTo(expected.heldOut());
        }
        assertThat(ruled.heldOut()).isEqualTo(search.heldOut());
        assertThat(ruled.heldOutByRule()).containsOnlyKeys(new SelectionRule.FarLimit(limit).name());
    }

    @Test
    void eachFoldAppliesTheRuleItsOwnEvidenceChoseAndTheHeldOutHalvesAddUp() {
        List<CrossValidation.Variant> variants = variants();
        DeviceConfusionTable table = DeviceConfusionTable.replay(variants, WeightGrid.simplex(2, 5), grid(),
                FusionMethod.WEIGHTED_MEAN, true);
        List<SelectionRule> rules = List.of(new SelectionRule.FarLimit(0.02), new SelectionRule.FarUpperBound(0.02, 1.645),
                new SelectionRule.InnerCvMargin(0.02, 3));
        CrossValidation.RuledResult result = CrossValidation.twoFoldChoosingRule(table, List.of("faint", "clear"), rules, 0.02, 3, 1L);
        int[][] parts = table.split(table.allDevices(), 1L);
        DeviceSplit split = DeviceSplit.stratified(variants.get(0).devices(), 0.5, 1L);
        assertThat(parts[0]).containsExactly(split.tuning().stream().mapToInt(table.deviceIds()::indexOf).toArray());
        ConfusionMatrix.Counter total = new ConfusionMatrix.Counter();
        for (int f = 0; f < 2; f++) {
            CrossValidation.RuledFold fold = result.folds().get(f);
            int[] tuning = parts[f];
            int[] heldOut = parts[1 - f];
            assertThat(fold.rule()).isSameAs(CrossValidation.chooseRule(CrossValidation.ruleEvidence(table, tuning, rules, 3), 0.02));
            int chosen = fold.rule().choose(table, tuning);
            assertThat(fold.settings()).isEqualTo(table.candidate(chosen).settings());
            assertThat(fold.chosenOn()).isEqualTo(table.confusion(chosen, tuning));
            assertThat(fold.heldOut()).isEqualTo(table.confusion(chosen, heldOut));
            total.add(fold.heldOut());
        }
        assertThat(result.heldOut()).isEqualTo(total.toMatrix());
        assertThat(result.heldOut().total()).isEqualTo(variants.get(0).devices().stream().mapToLong(DeviceSeries::countedEvents).sum());
    }
}
