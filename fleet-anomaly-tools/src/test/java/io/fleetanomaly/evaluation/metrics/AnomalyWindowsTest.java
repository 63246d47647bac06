package io.fleetanomaly.evaluation.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetanomaly.evaluation.metrics.AnomalyWindows.Placement;
import org.junit.jupiter.api.Test;

class AnomalyWindowsTest {
    @Test
    void placesAWindowOfTheGivenWidthAtEachChangepoint() {
        long[] cps = {100_000, 300_000};
        assertThat(AnomalyWindows.aroundChangepoints(cps, 60_000, Placement.RIGHT))
                .containsExactly(new AnomalyWindow(100_000, 160_000), new AnomalyWindow(300_000, 360_000));
        assertThat(AnomalyWindows.aroundChangepoints(cps, 60_000, Placement.LEFT))
                .containsExactly(new AnomalyWindow(40_000, 100_000), new AnomalyWindow(240_000, 300_000));
        assertThat(AnomalyWindows.aroundChangepoints(cps, 30_000, Placement.CENTER))
                .containsExactly(new AnomalyWindow(85_000, 115_000), new AnomalyWindow(285_000, 315_000));
    }

    @Test
    void overlappingWindowsAreCutOnTheRightOneLikeTsad() {
        assertThat(AnomalyWindows.aroundChangepoints(new long[] {0, 30_000, 70_000}, 60_000, Placement.RIGHT))
                .containsExactly(
                        new AnomalyWindow(0, 60_000),
                        new AnomalyWindow(60_000, 90_000),
                        new AnomalyWindow(90_000, 130_000));
    }

    @Test
    void windowsAroundATimelinesEpisodeStarts() {
        long[] ts = {0, 1000, 2000, 3000, 4000};
        boolean[] labels = {false, true, true, false, true};
        EventTimeline t = EventTimeline.ofScores("d", ts, labels, new double[5]);
        assertThat(AnomalyWindows.aroundChangepoints(t, 500, Placement.RIGHT))
                .containsExactly(new AnomalyWindow(1000, 1500), new AnomalyWindow(4000, 4500));
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> AnomalyWindows.aroundChangepoints(new long[] {1}, 0, Placement.RIGHT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AnomalyWindows.aroundChangepoints(new long[] {5, 1}, 10, Placement.RIGHT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AnomalyWindow(5, 4)).isInstanceOf(IllegalArgumentException.class);
    }
}
