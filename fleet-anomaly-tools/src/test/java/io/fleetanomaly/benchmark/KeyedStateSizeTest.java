package io.fleetanomaly.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fleetanomaly.bundle.MahalanobisMode;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.simulator.SimulatorProfile;
import io.fleetanomaly.testing.TestBundles;
import org.junit.jupiter.api.Test;

/** The measurement on the shipped telemetry bundle (W = 32, F = 8): serialized sizes are exact and repeatable. */
class KeyedStateSizeTest {

    @Test
    void measuresTheStateOfEachModeFromTheJobsOwnStateTypes() {
        ModelBundle telemetry = TestBundles.shipped(SimulatorProfile.TELEMETRY);
        assertThat(telemetry.window()).isEqualTo(32);
        assertThat(telemetry.featureCount()).isEqualTo(8);
        KeyedStateSize.Result fleet = KeyedStateSize.measure(telemetry, MahalanobisMode.FLEET, 500);
        KeyedStateSize.Result device = KeyedStateSize.measure(telemetry, MahalanobisMode.DEVICE, 500);

        // the ring is W * F floats: 1,024 bytes, plus counters, key and entry prefix
        assertThat(fleet.serializedBytesByState().get("device-window")).isBetween(1024.0 + 60, 1024.0 + 160);
        assertThat(fleet.serializedBytesByState()).doesNotContainKeys("device-warmup", "device-models")
                .containsKeys("cusum-state", "timers");
        // device mode adds the fitted model of the readings (3F + F^2 doubles; the bundle's 64-event warm-up
        // is too short for the smoothed model); the warm-up is gone once it is fitted
        assertThat(device.serializedBytesByState().get("device-models")).isBetween((3 * 8 + 64) * 8.0, (3 * 8 + 64) * 8.0 + 80);
        assertThat(device.serializedBytesByState()).doesNotContainKey("device-warmup");
        assertThat(device.serializedBytesPerDevice()).isGreaterThan(fleet.serializedBytesPerDevice() + 700);
        assertThat(KeyedStateSize.measure(telemetry, MahalanobisMode.FLEET, 500).serializedBytesPerDevice())
                .isCloseTo(fleet.serializedBytesPerDevice(), within(1e-9));
        assertThat(fleet.serializedBytes(1_000_000)).isCloseTo(fleet.serializedBytesPerDevice() * 1e6, within(1.0));
        assertThat(fleet.toString()).startsWith("keyed state W=32 F=8 fleet mode: ");
    }
}
