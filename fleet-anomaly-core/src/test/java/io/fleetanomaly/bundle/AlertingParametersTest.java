package io.fleetanomaly.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetanomaly.alerting.AlertSettings;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every parameter counts in {@link AlertingParameters#isEmpty()} and survives
 * {@link AlertingParameters#overriddenBy}: the three lists of fields are written by hand, so a
 * parameter added to one and not the others (recovery_max_level once) is caught here.
 */
class AlertingParametersTest {
    /** Every parameter of a complete set, with a value different from the defaults where they are set. */
    private static final AlertingParameters ALL = AlertingParameters.of(AlertSettings.builder()
            .recoveryFraction(0.5)
            .recoveryMaxLevel(2.0)
            .resolveMaxLevel(3.0)
            .returnHorizonMs(43_200_000L)
            .build());

    @Test
    void everyParameterAloneMakesTheParametersNonEmpty() throws Exception {
        assertThat(new AlertingParameters().isEmpty()).isTrue();
        for (Field field : parameters()) {
            AlertingParameters one = new AlertingParameters();
            field.set(one, field.get(ALL));
            assertThat(one.isEmpty()).as(field.getName()).isFalse();
        }
    }

    @Test
    void everyParameterSurvivesLayering() throws Exception {
        for (Field field : parameters()) {
            AlertingParameters one = new AlertingParameters();
            field.set(one, field.get(ALL));
            assertThat(field.get(new AlertingParameters().overriddenBy(one))).as("set above: " + field.getName())
                    .isEqualTo(field.get(ALL));
            assertThat(field.get(one.overriddenBy(new AlertingParameters()))).as("set below: " + field.getName())
                    .isEqualTo(field.get(ALL));
        }
    }

    @Test
    void aRecoveryMaxLevelOverrideReachesTheSettings() {
        AlertingParameters override = new AlertingParameters();
        override.recoveryMaxLevel = 1.5;
        AlertSettings settings = new AlertingParameters().overriddenBy(override).applyTo(AlertSettings.defaults());
        assertThat(settings.recoveryMaxLevel()).isEqualTo(1.5);
    }

    @Test
    void theReturnRuleIsOffUnlessSetAndLeftOutOfAManifestWhenOff() {
        assertThat(AlertSettings.defaults().returnHorizonMs()).isZero();
        assertThat(AlertingParameters.of(AlertSettings.defaults()).returnHorizonMs).isNull();
        AlertingParameters override = new AlertingParameters();
        override.returnHorizonMs = 43_200_000L;
        AlertSettings settings = new AlertingParameters().overriddenBy(override).applyTo(AlertSettings.defaults());
        assertThat(settings.returnHorizonMs()).isEqualTo(43_200_000L);
        assertThat(AlertingParameters.of(settings).returnHorizonMs).isEqualTo(43_200_000L);
    }

    private static List<Field> parameters() {
        List<Field> fields = Arrays.stream(AlertingParameters.class.getFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers()))
                .toList();
        assertThat(fields).hasSize(17);
        for (Field field : fields) {
            try {
                assertThat(field.get(ALL)).as(field.getName()).isNotNull();
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }
        return fields;
    }
}
