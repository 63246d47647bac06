package io.fleetanomaly.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetanomaly.alerting.AlertSettings;
import io.fleetanomaly.bundle.AlertingParameters;
import org.junit.jupiter.api.Test;

class AlertingOverridesTest {
    private static final AlertSettings BASE = AlertSettings.builder().h(5).k(0.5).severityScale(4).build();

    private static AlertingParameters params(Double h, Double k, Double severityScale) {
        AlertingParameters p = new AlertingParameters();
        p.h = h;
        p.k = k;
        p.severityScale = severityScale;
        return p;
    }

    @Test
    void withoutOverridesEveryDeviceHasTheBaseSettings() {
        assertThat(AlertingOverrides.none().settingsFor("pump-0001", BASE)).isSameAs(BASE);
        assertThat(AlertingOverrides.none().mostSpecificPrefix("pump-0001")).isNull();
    }

    @Test
    void forEachParameterTheLongestMatchingPrefixWins() {
        AlertingOverrides overrides = AlertingOverrides.none()
                .with("", params(6.0, null, null))
                .with("pump-", params(null, 0.4, null))
                .with("pump-00", params(8.0, null, 5.0));

        assertThat(overrides.mostSpecificPrefix("fan-0001")).isEmpty();
        AlertSettings fan = overrides.settingsFor("fan-0001", BASE);
        assertThat(fan.h()).isEqualTo(6.0);
        assertThat(fan.k()).isEqualTo(0.5);

        AlertSettings pump = overrides.settingsFor("pump-0101", BASE);
        assertThat(overrides.mostSpecificPrefix("pump-0101")).isEqualTo("pump-");
        assertThat(pump.h()).as("from the fleet-wide override").isEqualTo(6.0);
        assertThat(pump.k()).as("from pump-").isEqualTo(0.4);
        assertThat(pump.severityScale()).isEqualTo(4.0);

        AlertSettings pump00 = overrides.settingsFor("pump-0001", BASE);
        assertThat(pump00.h()).as("pump-00 beats the fleet-wide h").isEqualTo(8.0);
        assertThat(pump00.k()).as("inherited from pump-").isEqualTo(0.4);
        assertThat(pump00.severityScale()).isEqualTo(5.0);
    }

    @Test
    void aMaxCusumDerivedFromHIsDerivedFromTheOverriddenH() {
        AlertSettings base = AlertingParameters.asBase(BASE).applyTo(AlertSettings.defaults());
        assertThat(base).isEqualTo(BASE);
        AlertSettings raised = AlertingOverrides.none().with("", params(8.0, null, null)).settingsFor("d", base);
        assertThat(raised.maxCusum()).isEqualTo(24.0);
    }

    @Test
    void theLevelLimitsAreOverridesLikeTheOtherParameters() {
        AlertingParameters levels = new AlertingParameters();
        levels.recoveryMaxLevel = 2.0;
        levels.resolveMaxLevel = 1.0;
        assertThat(levels.isEmpty()).as("a prefix that only sets the level limits is not cleared").isFalse();
        AlertingOverrides overrides = AlertingOverrides.none().with("plant-", levels).with("plant-00", params(7.0, null, null));
        AlertSettings plant = overrides.settingsFor("plant-0001", BASE);
        assertThat(plant.h()).isEqualTo(7.0);
        assertThat(plant.recoveryMaxLevel()).as("inherited from plant-").isEqualTo(2.0);
        assertThat(plant.resolveMaxLevel()).as("inherited from plant-").isEqualTo(1.0);
        assertThat(overrides.settingsFor("pump-0001", BASE).resolveMaxLevel()).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void anEmptySetOfParametersClearsThePrefix() {
        AlertingOverrides set = AlertingOverrides.none().with("pump-", params(7.0, null, null));
        AlertingOverrides cleared = set.with("pump-", new AlertingParameters());
        assertThat(cleared.isEmpty()).isTrue();
        assertThat(cleared.settingsFor("pump-1", BASE)).isEqualTo(BASE);
    }

    @Test
    void settingsThatAreNotValidNameThePrefix() {
        AlertingParameters lowResetLevelAbove = new AlertingParameters();
        lowResetLevelAbove.resetLevel = 3.0;
        AlertingOverrides overrides = AlertingOverrides.none()
                .with("", lowResetLevelAbove)
                .with("pump-00", params(2.0, null, null));
        assertThatThrownBy(() -> overrides.settingsByPrefix(BASE))
                .isInstanceOfSatisfying(ControlRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ControlRefusal.INVALID_OVERRIDE);
                    assertThat(e.detail()).contains("device prefix 'pump-00'").contains("resetLevel");
                });
    }

    @Test
    void roundTripsThroughItsStateAndCapsThePrefixes() {
        AlertingOverrides overrides = AlertingOverrides.none()
                .with("", params(6.0, null, null)).with("a", params(null, 0.2, null));
        AlertingOverrides restored = AlertingOverrides.fromState(overrides.toState());
        assertThat(restored.settingsByPrefix(BASE)).isEqualTo(overrides.settingsByPrefix(BASE));

        AlertingOverrides many = AlertingOverrides.none();
        for (int i = 0; i < AlertingOverrides.MAX_PREFIXES; i++) {
            many = many.with("d" + i, params(6.0, null, null));
        }
        AlertingOverrides full = many;
        assertThatThrownBy(() -> full.with("one-more", params(6.0, null, null)))
                .hasMessageContaining("at most " + AlertingOverrides.MAX_PREFIXES);
    }
}
