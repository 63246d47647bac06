package io.fleetanomaly.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ThroughputWarmUpTest {
    private final ThroughputWarmUp upToFive = new ThroughputWarmUp(5);

    @Test
    void alwaysWarmsUpOnce() {
        assertThat(upToFive.another(List.of())).isTrue();
        assertThat(new ThroughputWarmUp(1).another(List.of())).isTrue();
    }

    @Test
    void goesOnWhileTheCompilerShareIsHighAndFalling() {
        assertThat(upToFive.another(List.of(0.20))).isTrue();
        assertThat(upToFive.another(List.of(0.20, 0.12))).isTrue();
        assertThat(upToFive.another(List.of(0.20, 0.12, 0.06))).isTrue();
    }

    @Test
    void stopsOnceTheShareIsSettled() {
        assertThat(upToFive.another(List.of(0.03))).isFalse();
        assertThat(upToFive.another(List.of(0.20, 0.025))).isFalse();
    }

    @Test
    void stopsOnceTheShareNoLongerFalls() {
        assertThat(upToFive.another(List.of(0.10, 0.09))).isFalse(); // 0.09 >= 0.8 * 0.10
        assertThat(upToFive.another(List.of(0.10, 0.12))).isFalse();
    }

    @Test
    void stopsAtItsBound() {
        assertThat(upToFive.another(List.of(0.40, 0.30, 0.20, 0.10, 0.05))).isFalse();
        assertThat(new ThroughputWarmUp(1).another(List.of(0.40))).isFalse();
    }

    @Test
    void refusesNoWarmUp() {
        assertThatThrownBy(() -> new ThroughputWarmUp(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one warm-up run");
    }
}
