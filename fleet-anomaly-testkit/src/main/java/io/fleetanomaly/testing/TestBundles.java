package io.fleetanomaly.testing;

import io.fleetanomaly.bundle.BundleLoader;
import io.fleetanomaly.bundle.BundleWriter;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.simulator.SimulatorProfile;
import io.fleetanomaly.simulator.SimulatorSettings;
import io.fleetanomaly.training.BundleTrainer;
import io.fleetanomaly.simulator.SimulatorTrainingData;
import io.fleetanomaly.training.TrainingSettings;
import java.nio.file.Path;
import java.util.Map;

/** Small bundles trained in tests, and the shipped default bundles. */
public final class TestBundles {
    private TestBundles() {}

    /** A quick bundle trained on a small normal fleet (seconds, not minutes). */
    public static ModelBundle small(SimulatorProfile profile) {
        SimulatorSettings normal = SimulatorSettings.builder()
                .profile(profile).devices(10).eventsPerDevice(400).seed(99).normalOnly(true).build();
        TrainingSettings settings = TrainingSettings.builder("test-" + profile.configName())
                .numTrees(30).build();
        return new BundleTrainer(settings).train(SimulatorTrainingData.of(normal));
    }

    /** Writes {@link #small} to {@code dir} and returns the directory. */
    public static Path writeSmall(SimulatorProfile profile, Path dir) {
        BundleWriter.write(small(profile), Map.of("source", "test"), "2026-01-01T00:00:00Z", dir);
        return dir;
    }

    public static ModelBundle shipped(SimulatorProfile profile) {
        return BundleLoader.load(BundleLoader.defaultLocation(profile.configName()));
    }
}
