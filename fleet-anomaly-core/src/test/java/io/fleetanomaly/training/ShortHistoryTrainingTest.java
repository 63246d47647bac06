package io.fleetanomaly.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.events.ScoredEvent;
import io.fleetanomaly.events.SensorEvent;
import io.fleetanomaly.scoring.DeviceScorer;
import io.fleetanomaly.scoring.InMemoryDeviceState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: real exports are often one device with a few hundred rows. Training on one device with
 * 199 rows failed with "calibration needs at least 20 finite scores, got 0"; now one device with
 * 150-500 rows trains and calibrates, and a shorter history is refused with the rows it needs.
 */
class ShortHistoryTrainingTest {
    private static TrainingSettings settings() {
        return TrainingSettings.builder("short-history").numTrees(20).build();
    }

    @ParameterizedTest(name = "{0} rows")
    @ValueSource(ints = {135, 150, 199, 300, 500})
    void oneDeviceWithAFewHundredRowsTrainsAndCalibrates(int rows) {
        ModelBundle bundle = new BundleTrainer(settings()).train(GaussianFleet.data(1, rows, 7));
        assertThat(bundle.isolationForestCalibration()).isNotNull();
        assertThat(bundle.fleetMahalanobisCalibration()).isNotNull();
        assertThat(bundle.deviceMahalanobisCalibration()).isNotNull();
        // calibrated scores of more normal data of the same kind are about Exp(1), mean 1; a forest fitted
        // on a few dozen windows sees more novelty (mean 1.0-2.6 over these sizes, Mahalanobis 1.1-1.4)
        double[] means = meanCalibratedScores(bundle, GaussianFleet.data(1, 3000, 8).rowsByDevice().get("device-0"));
        for (int d = 0; d < means.length; d++) {
            assertThat(means[d]).as(bundle.detectorNames()[d]).isBetween(0.5, 3.0);
        }
    }

    private static double[] meanCalibratedScores(ModelBundle bundle, java.util.List<double[]> rows) {
        DeviceScorer scorer = new DeviceScorer(bundle);
        InMemoryDeviceState device = scorer.newDevice();
        double[] sums = new double[bundle.detectorNames().length];
        int scored = 0;
        long ts = 1_763_800_000_000L;
        for (double[] row : rows) {
            ScoredEvent event = scorer.score(device, new SensorEvent("device-0", ts += 1000, row, 0, null));
            if (!event.warmingUp) {
                for (int d = 0; d < sums.length; d++) {
                    sums[d] += event.detectorScores[d];
                }
                scored++;
            }
        }
        for (int d = 0; d < sums.length; d++) {
            sums[d] /= scored;
        }
        return sums;
    }

    @Test
    void aShorterHistoryIsRefusedWithTheRowsItNeeds() {
        assertThatThrownBy(() -> new BundleTrainer(settings()).train(GaussianFleet.data(1, 134, 7)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 device with 134 rows")
                .hasMessageContaining("one device needs at least 135 rows")
                .hasMessageContaining("--window 16 needs 83 rows");
        assertThat(new BundleTrainer(settings()).minimumRowsOfOneDevice(32)).isEqualTo(135);
    }

    @Test
    void shortHeldOutDevicesOfALargerFleetAreNamedAsTheProblem() {
        assertThatThrownBy(() -> new BundleTrainer(settings()).train(GaussianFleet.data(5, 60, 7)))
                .hasMessageContaining("Every fifth device is held out and scored after its warm-up of 63 events");
    }
}
