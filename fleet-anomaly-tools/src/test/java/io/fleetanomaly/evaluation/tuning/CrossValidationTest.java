package io.fleetanomaly.evaluation.tuning;

import static org.assertj.core.api.Assertions.assertThat;

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
}
