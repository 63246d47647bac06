package io.fleetanomaly.training;

import io.fleetanomaly.bundle.ModelBundle;
import java.util.List;
import java.util.Random;

/**
 * Training data for core tests that need a real trained bundle but no simulator: devices whose
 * sensors are correlated Gaussian noise around fixed operating points (seeded, deterministic).
 */
public final class GaussianFleet {
    public static final List<String> FEATURES =
            List.of("temperature_c", "pressure_bar", "vibration_mm_s", "flow_l_min", "power_kw");
    private static final double[] MEANS = {75, 2.5, 1.2, 150, 45};
    private static final double[] SPREADS = {1.5, 0.05, 0.1, 3, 1};

    private GaussianFleet() {}

    public static TrainingData data(int devices, int rowsPerDevice, long seed) {
        Random random = new Random(seed);
        TrainingData data = new TrainingData(FEATURES);
        for (int d = 0; d < devices; d++) {
            for (int r = 0; r < rowsPerDevice; r++) {
                double common = random.nextGaussian();
                double[] row = new double[FEATURES.size()];
                for (int j = 0; j < row.length; j++) {
                    row[j] = MEANS[j] + SPREADS[j] * (0.6 * common + 0.8 * random.nextGaussian());
                }
                data.add("device-" + d, row);
            }
        }
        return data;
    }

    /** A quick bundle (30 trees) trained on 10 devices x 400 rows. */
    public static ModelBundle smallBundle() {
        return new BundleTrainer(TrainingSettings.builder("test-gaussian").numTrees(30).build()).train(data(10, 400, 99));
    }
}
