package io.fleetanomaly.evaluation.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetanomaly.alerting.AlertSettings;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class FusionTunerTest {

    /** Defaults without the 5-minute reopen gap, which would let one alert block the rest of these 1 Hz series. */
    private static final AlertSettings BASE = AlertSettings.builder().minReopenGapMs(0).build();

    @Test
    void weightGoesToTheInformativeDetectorAndNotToTheNoise() {
        double[] equal = {0.5, 0.5};
        List<DeviceSeries> fleet = TuningData.informativeAndNoise(20, 2, equal, 60, 4, 150, 30, 1.5, 11);
        TuningResult result = FusionTuner.tune(fleet, new String[] {"signal", "noise"}, equal, BASE,
                TuningOptions.defaults(BASE));

        assertThat(result.bestF1().weights()[0]).isGreaterThanOrEqualTo(0.8);
        assertThat(result.weightVectors()).isEqualTo(11);
        // Chosen on the tuning part, where the current point was a candidate: never worse there.
        assertThat(result.bestF1().tuning().f1()).isGreaterThanOrEqualTo(result.alertsOnlyBestF1().tuning().f1());
        assertThat(result.alertsOnlyBestF1().tuning().f1()).isGreaterThanOrEqualTo(result.current().tuning().f1());
        // And it generalises: better on the held-out devices too.
        assertThat(result.bestF1().validation().f1()).isGreaterThan(result.current().validation().f1());
        assertThat(result.bestF1().validation().total()).isPositive();
        // The recorded fused scores are the recorded weights' fusion. The hand-made replay records no
        // open alert, which the replay of its scores under the current settings contradicts: a warning.
        assertThat(result.maxRecordedFusedDifference()).isZero();
        assertThat(result.recordedAlertMismatches()).isPositive();
        assertThat(result.summary()).contains("the replay differs from the recorded alert flags");
        assertThat(result.summary()).contains("best F1", "current", "validation F1");
    }

    @Test
    void withTwoNoiseDetectorsNearlyAllWeightGoesToTheInformativeOne() {
        double[] thirds = {1.0 / 3, 1.0 / 3, 1.0 / 3};
        List<DeviceSeries> fleet = TuningData.informativeAndNoise(20, 3, thirds, 60, 4, 150, 30, 1.5, 12);
        TuningResult result = FusionTuner.tune(fleet, new String[] {"signal", "noise1", "noise2"}, thirds, BASE,
                TuningOptions.defaults(BASE));

        assertThat(result.weightVectors()).isEqualTo(67); // 66 on the grid and the current thirds
        assertThat(result.bestF1().weights()[0]).isGreaterThanOrEqualTo(0.8);
        assertThat(result.bestF1().validation().f1()).isGreaterThan(result.current().validation().f1());
        assertThat(result.bestF1Sweep()).hasSize(result.settingsPerWeights());
        assertThat(result.bestF1Sweep()).anySatisfy(r -> {
            assertThat(r.settings()).isEqualTo(result.bestF1().settings());
            assertThat(r.matrix()).isEqualTo(result.bestF1().tuning());
        });
    }

    @Test
    void theCostWeightedPointHasFewerFalseAlarmsWhenTheyCostMore() {
        double[] equal = {0.5, 0.5};
        List<DeviceSeries> fleet = TuningData.informativeAndNoise(20, 2, equal, 60, 4, 150, 30, 1.0, 13);
        TuningOptions options = TuningOptions.defaults(BASE).withWeightDivisions(5);
        TuningResult cheap = FusionTuner.tune(fleet, new String[] {"a", "b"}, equal, BASE, options.withCosts(1, 0.2));
        TuningResult dear = FusionTuner.tune(fleet, new String[] {"a", "b"}, equal, BASE, options.withCosts(1, 20));
        assertThat(dear.minCost().tuning().fp()).isLessThan(cheap.minCost().tuning().fp());
        assertThat(dear.alertsOnlyMinCost().tuning().fp()).isLessThan(cheap.alertsOnlyMinCost().tuning().fp());
        assertThat(dear.minCost().settings().h()).isGreaterThan(cheap.minCost().settings().h());
    }

    @Test
    void parallelAndSequentialSearchesAgree() {
        double[] thirds = {1.0 / 3, 1.0 / 3, 1.0 / 3};
        List<DeviceSeries> fleet = TuningData.informativeAndNoise(8, 3, thirds, 60, 3, 100, 20, 1.2, 14);
        TuningOptions options = TuningOptions.defaults(BASE).withWeightDivisions(5);
        TuningResult parallel = FusionTuner.tune(fleet, new String[] {"a", "b", "c"}, thirds, BASE, options.withParallel(true));
        TuningResult sequential = FusionTuner.tune(fleet, new String[] {"a", "b", "c"}, thirds, BASE, options.withParallel(false));
        assertThat(parallel.bestF1()).isEqualTo(sequential.bestF1());
        assertThat(parallel.minCost()).isEqualTo(sequential.minCost());
        assertThat(parallel.bestF1Sweep()).isEqualTo(sequential.bestF1Sweep());
    }

    @Test
    void aFleetSizedSearchRunsInSeconds() {
        // 50 devices × 500 events = 25,000 events; 3 detectors in steps of 0.1 (66 weight vectors, and the
        // current thirds); 40 values of h (41 with the current one): ~70 million CUSUM steps.
        double[] thirds = {1.0 / 3, 1.0 / 3, 1.0 / 3};
        List<DeviceSeries> fleet = TuningData.informativeAndNoise(50, 3, thirds, 60, 4, 70, 25, 1.5, 15);
        assertThat(fleet.stream().mapToInt(DeviceSeries::size).sum()).isBetween(22_000, 28_000);
        long start = System.nanoTime();
        TuningResult result = FusionTuner.tune(fleet, new String[] {"a", "b", "c"}, thirds, BASE, TuningOptions.defaults(BASE));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("tuning search: %d events, %d weight vectors x %d settings in %.2f s%n",
                fleet.stream().mapToInt(DeviceSeries::size).sum(), result.weightVectors(), result.settingsPerWeights(), seconds);
        assertThat(result.weightVectors()).isEqualTo(67);
        assertThat(result.settingsPerWeights()).isEqualTo(40);
    }

    @Test
    void aTuningPartWithoutAnomaliesIsAnError() {
        List<DeviceSeries> normal = List.of(new TuningData.Device("a", 1.0).repeat(100, 0, 1.0).series());
        assertThatThrownBy(() -> FusionTuner.tune(normal, new String[] {"x"}, new double[] {1.0}, BASE,
                        TuningOptions.defaults(BASE)))
                .hasMessageContaining("no labeled anomalous event");
    }

    @Test
    void detectorCountsMustMatch() {
        double[] equal = {0.5, 0.5};
        List<DeviceSeries> fleet = TuningData.informativeAndNoise(4, 2, equal, 60, 1, 50, 10, 1.5, 16);
        assertThatThrownBy(() -> FusionTuner.tune(fleet, new String[] {"a", "b", "c"}, new double[] {0.2, 0.3, 0.5},
                        BASE, TuningOptions.defaults(BASE)))
                .hasMessageContaining("2 detector scores per event but the bundle has 3 detectors");
    }
}
