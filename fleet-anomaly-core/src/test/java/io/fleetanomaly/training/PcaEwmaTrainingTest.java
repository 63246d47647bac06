package io.fleetanomaly.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetanomaly.bundle.BundleLoader;
import io.fleetanomaly.bundle.BundleWriter;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.detectors.mahalanobis.PcaMonitor;
import io.fleetanomaly.events.ScoredEvent;
import io.fleetanomaly.events.SensorEvent;
import io.fleetanomaly.scoring.DeviceScorer;
import io.fleetanomaly.scoring.InMemoryDeviceState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --pca --pca-ewma-alpha}: the PCA monitor's EWMA chart is fitted on the held-out
 * devices, travels in the bundle, and the scorer keeps each device's EWMA in its hot state and
 * scores it: a plant whose slow process state steps by 3 σ and stays there scores far higher with
 * the chart than with the same monitor without it.
 */
class PcaEwmaTrainingTest {
    private static final int SENSORS = 10;
    private static final int STATES = 2;

    /** Plants: two slow process states (autocorrelation 0.98) drive ten sensors. */
    private static final class Plant {
        final double[][] loadings = new double[SENSORS][STATES];
        final double[] states = new double[STATES];
        final Random random;
        double step;

        Plant(long seed) {
            Random type = new Random(3);
            for (double[] row : loadings) {
                for (int k = 0; k < STATES; k++) {
                    row[k] = (type.nextBoolean() ? 1 : -1) * (0.5 + type.nextDouble());
                }
            }
            random = new Random(seed);
        }

        double[] next() {
            for (int k = 0; k < STATES; k++) {
                states[k] = 0.98 * states[k] + Math.sqrt(1 - 0.98 * 0.98) * random.nextGaussian();
            }
            double[] x = new double[SENSORS];
            for (int j = 0; j < SENSORS; j++) {
                x[j] = 100 + 5 * (loadings[j][0] * (states[0] + step) + loadings[j][1] * states[1]
                        + 0.2 * random.nextGaussian());
            }
            return x;
        }
    }

    private static TrainingData normalFleet() {
        List<String> features = new ArrayList<>();
        for (int j = 0; j < SENSORS; j++) {
            features.add("x" + j);
        }
        TrainingData data = new TrainingData(features);
        for (int d = 0; d < 20; d++) {
            Plant plant = new Plant(100 + d);
            for (int r = 0; r < 1200; r++) {
                data.add("plant-" + d, plant.next());
            }
        }
        return data;
    }

    private static ModelBundle train(double alpha) {
        return new BundleTrainer(TrainingSettings.builder("test-pca-ewma").numTrees(20).pca(true)
                .pcaEwmaAlpha(alpha).build()).train(normalFleet());
    }

    /** Mean Mahalanobis-detector score over a 3 σ step of 400 readings, after 300 normal ones. */
    private static double meanScoreOverAStep(ModelBundle bundle, InMemoryDeviceState[] stateOut) {
        DeviceScorer scorer = new DeviceScorer(bundle);
        InMemoryDeviceState device = scorer.newDevice();
        Plant plant = new Plant(7);
        long ts = 0;
        for (int i = 0; i < 300; i++) {
            scorer.score(device, new SensorEvent("plant-x", ts += 10_000, plant.next(), 0, null));
        }
        plant.step = 3.0;
        double sum = 0;
        for (int i = 0; i < 400; i++) {
            ScoredEvent scored = scorer.score(device, new SensorEvent("plant-x", ts += 10_000, plant.next(), 1, "step"));
            sum += scored.detectorScores[DeviceScorer.MAHALANOBIS_INDEX];
        }
        stateOut[0] = device;
        return sum / 400;
    }

    @Test
    void theChartIsTrainedKeptPerDeviceAndScoresAPersistentStep(@TempDir Path dir) throws Exception {
        ModelBundle charted = train(0.01);
        PcaMonitor monitor = charted.fleetMahalanobis().pca();
        assertThat(monitor.hasEwma()).isTrue();
        assertThat(monitor.ewmaAlpha()).isEqualTo(0.01);
        assertThat(monitor.components()).isEqualTo(STATES);

        BundleWriter.write(charted, java.util.Map.of(), "2026-11-28T00:00:00Z", dir.resolve("b"));
        ModelBundle read = BundleLoader.load(dir.resolve("b").toString());
        assertThat(read.fleetMahalanobis().pca().ewmaMoments()).containsExactly(monitor.ewmaMoments());

        InMemoryDeviceState[] device = new InMemoryDeviceState[1];
        double withChart = meanScoreOverAStep(read, device);
        assertThat(device[0].window().principalEwma).hasSize(STATES);
        double withoutChart = meanScoreOverAStep(train(0), new InMemoryDeviceState[1]);
        assertThat(withChart).isGreaterThan(withoutChart + 3.0);
    }

    @Test
    void theDeviceCentredSpeIsTrainedAndEachDeviceLearnsItsCentre(@TempDir Path dir) throws Exception {
        ModelBundle centred = new BundleTrainer(TrainingSettings.builder("test-pca-centred").numTrees(20).pca(true)
                .pcaCentredEvents(50).build()).train(normalFleet());
        assertThat(centred.fleetMahalanobis().pca().centredEvents()).isEqualTo(50);
        BundleWriter.write(centred, java.util.Map.of(), "2026-11-28T00:00:00Z", dir.resolve("c"));
        ModelBundle read = BundleLoader.load(dir.resolve("c").toString());
        DeviceScorer scorer = new DeviceScorer(read);
        InMemoryDeviceState device = scorer.newDevice();
        Plant plant = new Plant(8);
        long ts = 0;
        for (int i = 0; i < 200; i++) {
            scorer.score(device, new SensorEvent("plant-y", ts += 10_000, plant.next(), 0, null));
        }
        assertThat(device.window().residualCentre).hasSize(SENSORS);
        assertThat(device.window().residualCentreCount).isEqualTo(50);
    }

    @Test
    void theChartNeedsThePcaMonitorAndAnAlphaBelowOne() {
        assertThatThrownBy(() -> TrainingSettings.builder("v").pcaEwmaAlpha(0.01).build())
                .hasMessageContaining("needs the PCA monitor");
        assertThatThrownBy(() -> TrainingSettings.builder("v").pca(true).pcaEwmaAlpha(1.0).build())
                .hasMessageContaining("must be >= 0 (0 = none) and < 1");
        assertThatThrownBy(() -> TrainingSettings.builder("v").pcaCentredEvents(50).build())
                .hasMessageContaining("needs the PCA monitor");
    }
}
