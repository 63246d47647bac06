package io.fleetanomaly.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

import io.fleetanomaly.features.FeatureScaler;
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
}
