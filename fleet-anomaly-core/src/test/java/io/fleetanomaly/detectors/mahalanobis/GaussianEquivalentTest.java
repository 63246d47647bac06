package io.fleetanomaly.detectors.mahalanobis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GaussianEquivalentTest {
    @Test
    void infiniteDegreesOfFreedomLeaveTheDeviateAsItIs() {
        assertThat(GaussianEquivalent.of(2.5, Double.POSITIVE_INFINITY)).isEqualTo(2.5);
        assertThat(GaussianEquivalent.of(0.0, 3)).isEqualTo(0.0);
    }

    @Test
    void cauchyQuantilesMapToNormalOnes() {
        // T(1) is Cauchy: P(T > 1) = 0.25, P(T > 12.7062) = 0.025
        assertThat(GaussianEquivalent.of(1.0, 1)).isCloseTo(0.67449, within(1e-4));
        assertThat(GaussianEquivalent.of(12.7062, 1)).isCloseTo(1.95996, within(1e-4));
        assertThat(GaussianEquivalent.of(-12.7062, 1)).isCloseTo(-1.95996, within(1e-4));
    }

    @Test
    void manyDegreesOfFreedomAreNearlyNormal() {
        assertThat(GaussianEquivalent.of(3.0, 10_000)).isCloseTo(3.0, within(0.01));
        // t(10) 0.995 quantile is 3.1693 → z 2.5758
        assertThat(GaussianEquivalent.of(3.1693, 10)).isCloseTo(2.5758, within(1e-3));
    }

    @Test
    void extremeDeviatesStayFiniteAndOrdered() {
        double far = GaussianEquivalent.of(1e6, 400);
        assertThat(far).isFinite().isGreaterThan(30.0).isLessThan(38.0);
        assertThat(GaussianEquivalent.of(20, 400)).isGreaterThan(GaussianEquivalent.of(10, 400));
        assertThat(GaussianEquivalent.upperQuantile(1e-300)).isCloseTo(37.0471, within(1e-3));
        assertThat(GaussianEquivalent.upperQuantile(0.001)).isCloseTo(3.09023, within(1e-4));
    }

    @Test
    void degreesOfFreedomMustBePositive() {
        assertThatThrownBy(() -> GaussianEquivalent.of(1.0, 0.0)).isInstanceOf(IllegalArgumentException.class);
    }
}
