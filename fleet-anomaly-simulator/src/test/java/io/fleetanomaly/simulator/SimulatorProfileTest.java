package io.fleetanomaly.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SimulatorProfileTest {

    @Test
    void industrialHasFivePumpSensorsInContractOrder() {
        assertThat(SimulatorProfile.INDUSTRIAL.featureNames())
                .containsExactly("temperature_c", "pressure_bar", "vibration_mm_s", "flow_l_min", "power_kw");
        assertThat(SimulatorProfile.INDUSTRIAL.anomalyTypes())
                .containsExactly(
                        "overheating", "pressure_surge", "excessive_vibration", "flow_blockage", "power_anomaly");
        assertThat(SimulatorProfile.INDUSTRIAL.deviceId(0)).isEqualTo("pump-0001");
        assertThat(SimulatorProfile.INDUSTRIAL.deviceId(41)).isEqualTo("pump-0042");
    }

    @Test
    void telemetryHasEightChannels() {
        assertThat(SimulatorProfile.TELEMETRY.featureNames())
                .containsExactly("ch1", "ch2", "ch3", "ch4", "ch5", "ch6", "ch7", "ch8");
        assertThat(SimulatorProfile.TELEMETRY.anomalyTypes())
                .containsExactly("spike", "contextual", "collective", "variance_burst");
        assertThat(SimulatorProfile.TELEMETRY.deviceId(9)).isEqualTo("node-0010");
    }

    @Test
    void serviceAndProcessProfiles() {
        assertThat(SimulatorProfile.SERVICE.featureNames())
                .containsExactly("cpu_pct", "requests_per_s", "latency_ms", "temperature_c");
        assertThat(SimulatorProfile.SERVICE.anomalyTypes())
                .containsExactly("spike", "level_shift", "variance_change", "dropped_peak");
        assertThat(SimulatorProfile.SERVICE.deviceId(0)).isEqualTo("svc-0001");
        assertThat(SimulatorProfile.PROCESS.featureNames()).hasSize(40).startsWith("x01", "x02").endsWith("x40");
        assertThat(SimulatorProfile.PROCESS.anomalyTypes())
                .containsExactly("step", "drift", "random_variation", "stuck_sensor");
        assertThat(SimulatorProfile.PROCESS.deviceId(2)).isEqualTo("plant-0003");
        assertThat(SimulatorProfile.parse("service")).isEqualTo(SimulatorProfile.SERVICE);
        assertThat(SimulatorProfile.parse("process")).isEqualTo(SimulatorProfile.PROCESS);
    }

    @Test
    void parsesNamesInAnyCase() {
        assertThat(SimulatorProfile.parse("industrial")).isEqualTo(SimulatorProfile.INDUSTRIAL);
        assertThat(SimulatorProfile.parse("telemetry")).isEqualTo(SimulatorProfile.TELEMETRY);
        assertThat(SimulatorProfile.parse("INDUSTRIAL")).isEqualTo(SimulatorProfile.INDUSTRIAL);
    }

    @Test
    void unknownNameListsTheValidOnes() {
        assertThatThrownBy(() -> SimulatorProfile.parse("submarine"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("simulator profile must be industrial, telemetry, service or process, got 'submarine'");
    }
}
