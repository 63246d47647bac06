package io.fleetanomaly.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetanomaly.config.JobConfigLoader;
import io.fleetanomaly.simulator.SimulatorProfile;
import io.fleetanomaly.simulator.SimulatorSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorConfigTest {
    @TempDir
    Path dir;

    private JobConfigLoader yaml(String text) throws Exception {
        Path file = dir.resolve("job.yaml");
        Files.writeString(file, text);
        return JobConfigLoader.load(file);
    }

    @Test
    void theShippedEmbeddedConfigEqualsTheBuiltInDefaults() {
        assertThat(SimulatorConfig.settings(JobConfigLoader.load(Path.of("../conf/embedded.yaml"))))
                .isEqualTo(SimulatorConfig.settings(JobConfigLoader.defaults()));
    }

    @Test
    void readsTheSimulatorSection() throws Exception {
        SimulatorSettings sim = SimulatorConfig.settings(
                yaml("simulator: {profile: telemetry, devices: 7, duration: 2h, interval_ms: 500, seed: 9}"));
        assertThat(sim.profile()).isEqualTo(SimulatorProfile.TELEMETRY);
        assertThat(sim.devices()).isEqualTo(7);
        assertThat(sim.eventsPerDevice()).isEqualTo(14_400);
        assertThat(sim.intervalMs()).isEqualTo(500);
    }

    @Test
    void eachProfileHasItsOwnIntervalAndDurationUnlessTheSectionSetsThem() throws Exception {
        SimulatorSettings service = SimulatorConfig.settings(yaml("simulator: {profile: service}"));
        assertThat(service.intervalMs()).isEqualTo(300_000L);
        assertThat(service.eventsPerDevice()).isEqualTo(4_032);
        SimulatorSettings process = SimulatorConfig.settings(yaml("simulator: {profile: process, duration: 1h}"));
        assertThat(process.intervalMs()).isEqualTo(10_000L);
        assertThat(process.eventsPerDevice()).isEqualTo(360);
        SimulatorSettings industrial = SimulatorConfig.settings(yaml("simulator: {profile: industrial, interval_ms: 2000}"));
        assertThat(industrial.eventsPerDevice()).isEqualTo(300);
    }

    @Test
    void errorsNameTheKey() throws Exception {
        assertThatThrownBy(() -> SimulatorConfig.settings(yaml("simulator: {devices: 0}")))
                .hasMessageContaining("simulator.devices must be >= 1");
        assertThatThrownBy(() -> SimulatorConfig.settings(yaml("simulator: {duration: soon}")))
                .hasMessageContaining("simulator.duration").hasMessageContaining("not a duration");
        assertThatThrownBy(() -> SimulatorConfig.settings(yaml("simulator: {profile: marine}")))
                .hasMessageContaining("simulator.profile");
    }
}
