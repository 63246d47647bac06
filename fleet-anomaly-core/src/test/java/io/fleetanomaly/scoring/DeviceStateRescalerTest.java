package io.fleetanomaly.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fleetanomaly.detectors.mahalanobis.DeviceBaseline;
import io.fleetanomaly.features.FeatureScaler;
import io.fleetanomaly.state.DeviceBaselineMapper;
import io.fleetanomaly.state.DeviceModelMapper;
import io.fleetanomaly.state.DeviceModelsState;
import io.fleetanomaly.state.DeviceWarmupState;
import io.fleetanomaly.state.DeviceWindowState;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A device's state built with scaler A, re-expressed in scaler B, equals the state built with B from the start. */
class DeviceStateRescalerTest {
    static final FeatureScaler A = new FeatureScaler(new double[] {70, 2.5, 150}, new double[] {3, 0.2, 10});
    static final FeatureScaler B = new FeatureScaler(new double[] {72, 2.4, 149}, new double[] {2.5, 0.25, 12});
    static final DeviceStateRescaler A_TO_B = new DeviceStateRescaler(A.mean(), A.std(), B.mean(), B.std());
    static final int F = 3;

    static double[][] raw(int n) {
        Random random = new Random(3);
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            double common = random.nextGaussian();
            rows[i] = new double[] {70 + 3 * common + random.nextGaussian(), 2.5 + 0.2 * random.nextGaussian(),
                    150 + 8 * common + 5 * Math.sin(i / 7.0)};
        }
        return rows;
    }

    static double[] scaled(FeatureScaler scaler, double[] row) {
        double[] out = new double[F];
        for (int j = 0; j < F; j++) {
            out[j] = scaler.scale(j, row[j]);
        }
        return out;
    }

    static DeviceBaseline baseline(FeatureScaler scaler, double[][] rows) {
        DeviceBaseline baseline = DeviceBaseline.create(F, Math.max(rows.length + 10, 70)); // batches of 8
        double[] previous = null;
        for (double[] row : rows) {
            double[] x = scaled(scaler, row);
            double[] smoothed = null;
            if (previous != null) {
                smoothed = new double[F];
                for (int j = 0; j < F; j++) {
                    smoothed[j] = (x[j] + previous[j]) / 2;
                }
            }
            baseline.add(x, smoothed);
            previous = x;
        }
        return baseline;
    }

    @Test
    void theWindowIsReExpressedExactlyUpToFloatRounding() {
        DeviceWindow inA = new DeviceWindow(A, 8);
        DeviceWindow inB = new DeviceWindow(B, 8);
        DeviceWindowState a = inA.newState();
        DeviceWindowState b = inB.newState();
        for (double[] row : raw(11)) {
            inA.advance(a, row);
            inB.advance(b, row);
        }
        A_TO_B.rescale(a);
        for (int i = 0; i < a.ring.length; i++) {
            assertThat((double) a.ring[i]).isCloseTo(b.ring[i], within(1e-5));
        }
    }

    @Test
    void theWarmUpAndTheFittedModelsAreReExpressedExactly() {
        // 5 rows: the screen still holds the first batch back; 60: past it, with the screen's spreads
        for (int n : new int[] {5, 60}) {
            double[][] held = raw(n);
            DeviceWarmupState warmupA = DeviceBaselineMapper.toState(baseline(A, held));
            DeviceWarmupState warmupB = DeviceBaselineMapper.toState(baseline(B, held));
            assertThat(n < 8 ? warmupA.firstBatch : warmupA.screenScale).as("warm-up of " + n).isNotNull();
            A_TO_B.rescale(warmupA);
            assertThat(warmupA).as("warm-up of " + n).usingRecursiveComparison()
                    .withComparatorForType(DeviceStateRescalerTest::closeEnough, Double.class)
                    .isEqualTo(warmupB);
        }
        double[][] rows = raw(60);

        DeviceModelsState modelsA = new DeviceModelsState(DeviceModelMapper.toState(baseline(A, rows).toReadingModel(0.1)),
                DeviceModelMapper.toState(baseline(A, rows).toSmoothedModel(0.1)));
        DeviceModelsState modelsB = new DeviceModelsState(DeviceModelMapper.toState(baseline(B, rows).toReadingModel(0.1)),
                DeviceModelMapper.toState(baseline(B, rows).toSmoothedModel(0.1)));
        A_TO_B.rescale(modelsA);
        assertThat(modelsA).usingRecursiveComparison()
                .withComparatorForType(DeviceStateRescalerTest::closeEnough, Double.class)
                .isEqualTo(modelsB);

        double[] x = {75, 2.9, 170};
        double inA = DeviceModelMapper.toModel(modelsA.reading).distanceSquared(scaled(B, x), new double[F], new double[F], null);
        double inB = DeviceModelMapper.toModel(modelsB.reading).distanceSquared(scaled(B, x), new double[F], new double[F], null);
        assertThat(inA).as("the same distance for the same reading").isCloseTo(inB, within(1e-9 * inB));
    }

    private static int closeEnough(Double x, Double y) {
        return x.equals(y) || Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(y)) ? 0 : 1;
    }

    @Test
    void theSameScalerIsNothingToDo() {
        assertThat(new DeviceStateRescaler(A.mean(), A.std(), A.mean(), A.std()).isIdentity()).isTrue();
        assertThat(A_TO_B.isIdentity()).isFalse();
    }
}
