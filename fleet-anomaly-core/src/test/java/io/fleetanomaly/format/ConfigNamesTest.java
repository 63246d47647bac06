package io.fleetanomaly.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetanomaly.bundle.MahalanobisMode;
import io.fleetanomaly.events.AlertResolution;
import io.fleetanomaly.fusion.FusionMethod;
import org.junit.jupiter.api.Test;

class ConfigNamesTest {
    private enum Shape { ROUND, SQUARE_ISH, FLAT }

    @Test
    void theNameIsTheConstantInLowerCase() {
        assertThat(ConfigNames.of(Shape.SQUARE_ISH)).isEqualTo("square_ish");
        assertThat(FusionMethod.WEIGHTED_MEAN.configName()).isEqualTo("weighted_mean");
        assertThat(AlertResolution.SETTLED_AT_NEW_LEVEL.jsonName()).isEqualTo("settled_at_new_level");
    }

    @Test
    void parsingIgnoresCaseAndSurroundingBlanksAndRoundTrips() {
        assertThat(ConfigNames.parse(Shape.class, null, " Square_Ish ")).isEqualTo(Shape.SQUARE_ISH);
        for (Shape shape : Shape.values()) {
            assertThat(ConfigNames.parse(Shape.class, "shape", ConfigNames.of(shape))).isEqualTo(shape);
        }
        assertThat(MahalanobisMode.parse("DEVICE")).isEqualTo(MahalanobisMode.DEVICE);
        assertThat(AlertResolution.ofJsonName("returned_to_baseline")).isEqualTo(AlertResolution.RETURNED_TO_BASELINE);
    }

    @Test
    void aValueThatNamesNoConstantIsRefusedWithTheValidNames() {
        assertThatThrownBy(() -> ConfigNames.parse(Shape.class, "shape", "oval"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shape must be round, square_ish or flat, got 'oval'");
        assertThatThrownBy(() -> FusionMethod.parse(null))
                .hasMessage("must be weighted_mean or max, got 'null'");
        assertThatThrownBy(() -> MahalanobisMode.parse("square_ish"))
                .hasMessage("mahalanobis mode must be fleet or device, got 'square_ish'");
    }
}
