package io.fleetanomaly.evaluation.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetanomaly.evaluation.metrics.ConfusionMatrix;
import io.fleetanomaly.alerting.AlertSettings;
import io.fleetanomaly.fusion.FusionMethod;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrossValidationTest {
    private static final AlertSettings BASE = AlertSettings.builder().minReopenGapMs(0).build();

    @Test
    void eachHalfIsScoredWithSettingsChosenOnTheOtherAndTheHeldOutCountsAddUp() {
        double[] equal = {0.5, 0.5};
        List<DeviceSeries> fleet = TuningData.informativeAndNoise(20, 2, equal, 60, 4, 150, 30, 1.5, 11);
        AlertGrid grid = AlertGrid.overH(BASE, TuningOptions.defaults(BASE).grid().h());
        CrossValidation.Result result = CrossValidation.twoFold(fleet, WeightGrid.simplex(2, 10), grid,
                FusionMethod.WEIGHTED_MEAN, 1.0, 1L);

        long counted = fleet.stream().mapToLong(DeviceSeries::countedEvents).sum();
        assertThat(result.heldOut().total()).as("every counted event is held out exactly once").isEqualTo(counted);
        assertThat(result.folds()).hasSize(2);
        assertThat(result.folds().get(0).heldOut().total() + result.folds().get(1).heldOut().total()).isEqualTo(counted);
        for (CrossValidation.Fold fold : result.folds()) {
            // chosen on its tuning half: the informative detector carries the weight
            assertThat(fold.weights()[0]).isGreaterThanOrEqualTo(0.8);
            // and that choice, replayed on the held-out half, is what the fold reports
            DeviceSplit split = DeviceSplit.stratified(fleet, 0.5, 1L);
            List<DeviceSeries> other = fold == result.folds().get(0) ? split.validationPart(fleet) : split.tuningPart(fleet);
            ConfusionMatrix replayed = AlertReplay.confusion(FleetScores.fuse(other, fold.weights()), fold.settings());
            assertThat(fold.heldOut()).isEqualTo(replayed);
        }
    }

    @Test
    void theFalseAlarmLimitHoldsOnTheTuningHalfWhenAnySettingMeetsIt() {
        double[] equal = {0.5, 0.5};
        List<DeviceSeries> fleet = TuningData.informativeAndNoise(20, 2, equal, 60, 4, 150, 30, 1.5, 11);
        AlertGrid grid = AlertGrid.overH(BASE, TuningOptions.defaults(BASE).grid().h());
        CrossValidation.Result unconstrained = CrossValidation.twoFold(fleet, WeightGrid.simplex(2, 10), grid,
                FusionMethod.WEIGHTED_MEAN, 1.0, 1L);
        double limit = Math.min(unconstrained.folds().get(0).chosenOn().far(), unconstrained.folds().get(1).chosenOn().far()) / 2;
        CrossValidation.Result constrained = CrossValidation.twoFold(fleet, WeightGrid.simplex(2, 10), grid,
                FusionMethod.WEIGHTED_MEAN, limit, 1L);
        for (CrossValidation.Fold fold : constrained.folds()) {
            assertThat(fold.chosenOn().far()).isLessThanOrEqualTo(limit);
        }
        assertThat(constrained.heldOut().fp()).isLessThanOrEqualTo(unconstrained.heldOut().fp());
    }

    @Test
    void eachFoldLearnsTheVariantWhoseScoresSeparateTheAnomaliesAndIsScoredWithIt() {
        // the same devices, labels and warm-up (same seed: the shift only moves the first detector's scores),
        // scored two ways: as with a setting (e.g. a smoothing) under which the anomalies barely show, and one under
        // which they show clearly
        double[] equal = {0.5, 0.5};
        List<DeviceSeries> faint = TuningData.informativeAndNoise(20, 2, equal, 60, 4, 150, 30, 0.2, 11);
        List<DeviceSeries> clear = TuningData.informativeAndNoise(20, 2, equal, 60, 4, 150, 30, 1.5, 11);
        AlertGrid grid = AlertGrid.overH(BASE, TuningOptions.defaults(BASE).grid().h());
        for (List<CrossValidation.Variant> variants : List.of(
                List.of(new CrossValidation.Variant("faint", faint), new CrossValidation.Variant("clear", clear)),
                List.of(new CrossValidation.Variant("clear", clear), new CrossValidation.Variant("faint", faint)))) {
            CrossValidation.Result result = CrossValidation.twoFoldOverVariants(variants, WeightGrid.simplex(2, 10), grid,
                    FusionMethod.WEIGHTED_MEAN, 1.0, 1L);
            CrossValidation.Result clearOnly = CrossValidation.twoFold(clear, WeightGrid.simplex(2, 10), grid,
                    FusionMethod.WEIGHTED_MEAN, 1.0, 1L);
            DeviceSplit split = DeviceSplit.stratified(clear, 0.5, 1L);
            for (int f = 0; f < 2; f++) {
                CrossValidation.Fold fold = result.folds().get(f);
                assertThat(fold.variant()).as("fold %d, variants in order %s", f, variants.stream().map(CrossValidation.Variant::name).toList()).isEqualTo("clear");
                // scored on the held-out half as the chosen variant scores it
                List<DeviceSeries> other = f == 0 ? split.validationPart(clear) : split.tuningPart(clear);
                assertThat(fold.heldOut()).isEqualTo(AlertReplay.confusion(FleetScores.fuse(other, fold.weights()), fold.settings()));
                assertThat(fold.settings()).isEqualTo(clearOnly.folds().get(f).settings());
                assertThat(fold.bestOfEachVariant().keySet()).containsExactlyElementsOf(
                        variants.stream().map(CrossValidation.Variant::name).toList());
                assertThat(fold.bestOfEachVariant().get("clear").f1()).isGreaterThan(fold.bestOfEachVariant().get("faint").f1());
            }
            assertThat(result.heldOut()).isEqualTo(clearOnly.heldOut());
        }
    }

    @Test
    void variantsMustHoldTheSameDevicesAndAnomalies() {
        double[] equal = {0.5, 0.5};
        List<DeviceSeries> fleet = TuningData.informativeAndNoise(20, 2, equal, 60, 4, 150, 30, 1.5, 11);
        List<DeviceSeries> otherFleet = TuningData.informativeAndNoise(19, 2, equal, 60, 4, 150, 30, 1.5, 11);
        AlertGrid grid = AlertGrid.overH(BASE, 3.0, 5.0);
        assertThatThrownBy(() -> CrossValidation.twoFoldOverVariants(List.of(new CrossValidation.Variant("a", fleet),
                new CrossValidation.Variant("b", otherFleet)), WeightGrid.simplex(2, 10), grid, FusionMethod.WEIGHTED_MEAN, 1.0, 1L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("variant b");
    }
}
