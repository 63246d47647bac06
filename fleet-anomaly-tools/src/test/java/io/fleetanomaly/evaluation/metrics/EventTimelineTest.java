package io.fleetanomaly.evaluation.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EventTimelineTest {
    private static final long[] TS = {0, 1000, 2000, 3000, 4000, 5000, 6000, 7000};

    @Test
    void episodesAreRunsOfLabeledEvents() {
        boolean[] labels = {true, false, true, true, false, false, true, true};
        EventTimeline t = EventTimeline.ofScores("d", TS, labels, new double[8]);

        assertThat(t.episodes()).containsExactly(
                new EventTimeline.Episode(0, 0, 0, 0),
                new EventTimeline.Episode(2, 3, 2000, 3000),
                new EventTimeline.Episode(6, 7, 6000, 7000));
        assertThat(t.changepoints()).containsExactly(0, 2000, 6000);
    }

    @Test
    void alertOpeningsAreRisingEdgesOfPredictions() {
        boolean[] predicted = {true, true, false, true, false, false, true, true};
        EventTimeline t = EventTimeline.ofPredictions("d", TS, new boolean[8], predicted);
        assertThat(t.alertOpenings()).containsExactly(0, 3000, 6000);
        assertThatThrownBy(() -> EventTimeline.ofScores("d", TS, new boolean[8], new double[8]).alertOpenings())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rejectsMismatchedLengthsAndTimeGoingBack() {
        assertThatThrownBy(() -> EventTimeline.ofPredictions("d", TS, new boolean[7], new boolean[8]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("labels has 7 entries for 8 timestamps");
        assertThatThrownBy(() -> new EventTimeline("d", new long[] {5, 4}, new boolean[2], null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("back in time at event 1");
    }
}
