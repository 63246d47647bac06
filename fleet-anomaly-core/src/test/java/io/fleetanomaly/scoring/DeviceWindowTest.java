package io.fleetanomaly.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fleetanomaly.features.FeatureScaler;
import io.fleetanomaly.state.DeviceWindowState;
import org.junit.jupiter.api.Test;

class DeviceWindowTest {
    /** Identity scaling, so readings go into the ring as they are. */
    private static DeviceWindow window(int size) {
        return new DeviceWindow(new FeatureScaler(new double[] {0.0, 0.0}, new double[] {1.0, 1.0}), size);
    }

    @Test
    void theSmoothedReadingIsTheMeanOfTheLastReadingsAcrossTheRingsWrapAround() {
        DeviceWindow window = window(4);
        DeviceWindowState state = window.newState();
        double[] out = new double[2];
        window.advance(state, new double[] {1, 10});
        window.advance(state, new double[] {2, 20});
        assertThat(window.smoothedReading(state, 3, out)).isFalse(); // only 2 readings so far
        for (int i = 3; i <= 7; i++) {
            window.advance(state, new double[] {i, 10 * i});
        }
        // ring (size 4) now holds 4..7; the head has wrapped around
        assertThat(window.smoothedReading(state, 3, out)).isTrue();
        assertThat(out[0]).isCloseTo(6.0, within(1e-12)); // (5 + 6 + 7) / 3
        assertThat(out[1]).isCloseTo(60.0, within(1e-12));
        window.smoothedReading(state, 1, out);
        assertThat(out).containsExactly(7.0, 70.0);
        window.smoothedReading(state, 4, out);
        assertThat(out[0]).isCloseTo(5.5, within(1e-12));
    }

    @Test
    void smoothingLongerThanTheWindowIsRejected() {
        DeviceWindow window = window(4);
        assertThatThrownBy(() -> window.smoothedReading(window.newState(), 5, new double[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1..4");
    }

    @Test
    void aMissingValueIsImputedWithTheSensorsLastValueAndZeroBeforeAny() {
        DeviceWindow window = window(3);
        DeviceWindowState state = window.newState();
        assertThat(window.advance(state, new double[] {Double.NaN, 2.5})).isEqualTo(0b01L);
        assertThat(window.reading()).containsExactly(0.0, 2.5);
        window.advance(state, new double[] {1.25, 3.5});
        assertThat(window.advance(state, new double[] {Double.NaN, Double.NaN})).isEqualTo(0b11L);
        assertThat(window.reading()).containsExactly(1.25, 3.5);
        assertThat(state.eventCount).isEqualTo(3L);
    }

    @Test
    void windowFeaturesAreReadingMeanStdAndLastDifference() {
        DeviceWindow window = window(3);
        DeviceWindowState state = window.newState();
        window.advance(state, new double[] {1, 10});
        window.advance(state, new double[] {2, 10});
        window.advance(state, new double[] {4, 10});
        double[] f = window.windowFeatures();
        // [reading | mean | std | last difference], two features each
        assertThat(f[0]).isEqualTo(4.0);
        assertThat(f[2]).isCloseTo(7.0 / 3, within(1e-6));
        assertThat(f[4]).isCloseTo(Math.sqrt((1 + 4 + 16) / 3.0 - 49.0 / 9), within(1e-6));
        assertThat(f[6]).isEqualTo(2.0);
        assertThat(f[3]).isCloseTo(10.0, within(1e-6));
        assertThat(f[5]).isCloseTo(0.0, within(1e-3));
        assertThat(f[7]).isEqualTo(0.0);
    }

    @Test
    void theChronologicalWindowIsOldestFirstAcrossTheWrapAround() {
        DeviceWindow window = window(3);
        DeviceWindowState state = window.newState();
        window.advance(state, new double[] {1, 10});
        window.advance(state, new double[] {2, 20});
        assertThat(window.chronologicalWindow(state)).containsExactly(1f, 10f, 2f, 20f, 0f, 0f);
        window.advance(state, new double[] {3, 30});
        window.advance(state, new double[] {4, 40});
        assertThat(window.chronologicalWindow(state)).containsExactly(2f, 20f, 3f, 30f, 4f, 40f);
    }

    @Test
    void theRingKeepsReadingsAsFloatAndTheScoredReadingAsDouble() {
        DeviceWindow window = window(2);
        DeviceWindowState state = window.newState();
        double precise = 0.1234567890123;
        window.advance(state, new double[] {precise, 0});
        assertThat(window.reading()[0]).isEqualTo(precise);
        assertThat(state.ring[0]).isEqualTo((float) precise);
        // the imputed value comes from the ring: float precision, about 7 significant digits
        window.advance(state, new double[] {Double.NaN, 0});
        assertThat(window.reading()[0]).isCloseTo(precise, within(1e-8));
    }

    @Test
    void aStateOfAnotherWindowOrFeatureCountIsRejectedWithAMessage() {
        DeviceWindowState other = window(4).newState();
        assertThat(window(3).fits(other)).isFalse();
        assertThatThrownBy(() -> window(3).advance(other, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds 8 values, this window needs 3 readings of 2 features");
    }
}
