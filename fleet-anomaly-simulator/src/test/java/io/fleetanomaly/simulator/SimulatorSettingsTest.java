package io.fleetanomaly.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class SimulatorSettingsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        SimulatorSettings settings = SimulatorSettings.defaults();
        assertThat(settings.profile()).isEqualTo(SimulatorProfile.INDUSTRIAL);
        assertThat(settings.devices()).isEqualTo(50);
        assertThat(settings.seed()).isEqualTo(42L);
        assertThat(settings.eventsPerDevice()).isEqualTo(600);
        assertThat(settings.intervalMs()).isEqualTo(1000L);
        assertThat(settings.startTs()).isEqualTo(1767225600000L); // 2026-01-01T00:00:00Z
        assertThat(settings.missingRate()).isEqualTo(0.01);
        assertThat(settings.faultyDeviceFraction()).isEqualTo(0.4);
        assertThat(settings.faultFreeWarmupEvents()).isEqualTo(150);
        assertThat(settings.normalOnly()).isFalse();
        assertThat(settings.noiseScale()).isEqualTo(1.0);
        assertThat(settings.driftEnabled()).isTrue();
        assertThat(settings.totalEvents()).isEqualTo(30_000L);
    }

    @Test
    void toBuilderCopiesEveryField() {
        SimulatorSettings custom = SimulatorSettings.builder()
                .profile(SimulatorProfile.TELEMETRY)
                .devices(3)
                .seed(7)
                .eventsPerDevice(90)
                .intervalMs(250L)
                .startTs(5)
                .missingRate(0.2)
                .faultyDeviceFraction(1.0)
                .faultFreeWarmupEvents(10)
                .normalOnly(true)
                .noiseScale(2.5)
                .driftEnabled(false)
                .build();
        assertThat(custom.toBuilder().build()).isEqualTo(custom);
    }

    @Test
    void rejectsInvalidValuesNamingTheField() {
        assertInvalid(b -> b.profile(null), "profile");
        assertInvalid(b -> b.devices(0), "devices");
        assertInvalid(b -> b.eventsPerDevice(0), "eventsPerDevice");
        assertInvalid(b -> b.intervalMs(0L), "intervalMs");
        assertInvalid(b -> b.startTs(-1), "startTs");
        assertInvalid(b -> b.missingRate(1.0), "missingRate");
        assertInvalid(b -> b.missingRate(-0.1), "missingRate");
        assertInvalid(b -> b.faultyDeviceFraction(1.5), "faultyDeviceFraction");
        assertInvalid(b -> b.faultFreeWarmupEvents(-1), "faultFreeWarmupEvents");
        assertInvalid(b -> b.noiseScale(0), "noiseScale");
        assertInvalid(b -> b.noiseScale(Double.NaN), "noiseScale");
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        SimulatorSettings settings = SimulatorSettings.builder().devices(7).seed(99).build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(settings);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(settings);
        }
    }

    private static void assertInvalid(UnaryOperator<SimulatorSettings.Builder> change, String field) {
        assertThatThrownBy(() -> change.apply(SimulatorSettings.builder()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(field + " ");
    }
}
