package io.fleetanomaly.evaluation.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class DetectionDelayTest {
    /** One event per second for {@code seconds}; labels and alert-open flags at the given seconds. */
    private static EventTimeline timeline(String device, int seconds, int[] labeled, int[] flagged) {
        long[] ts = new long[seconds];
        boolean[] labels = new boolean[seconds];
        boolean[] predicted = new boolean[seconds];
        for (int i = 0; i < seconds; i++) {
            ts[i] = i * 1000L;
        }
        for (int s : labeled) {
            labels[s] = true;
        }
        for (int s : flagged) {
            predicted[s] = true;
        }
        return EventTimeline.ofPredictions(device, ts, labels, predicted);
    }

    private final EventTimeline twoEpisodes =
            timeline("d", 20, new int[] {5, 6, 7, 8, 12, 13}, new int[] {7, 8, 15});

    @Test
    void delayFromEpisodeStartToFirstFlaggedEventInsideIt() {
        DetectionDelay.Result result = new DetectionDelay(0).measure(twoEpisodes);

        assertThat(result.episodes()).containsExactly(
                new DetectionDelay.Episode("d", 5000, 8000, true, 7000),
                new DetectionDelay.Episode("d", 12000, 13000, false, 0));
        assertThat(result.detected()).isEqualTo(1);
        assertThat(result.missed()).isEqualTo(1);
        assertThat(result.detectionRate()).isEqualTo(0.5);
        assertThat(result.meanDelayMs()).isEqualTo(2000.0);
    }

    @Test
    void graceAcceptsALateAlertButNotOneInTheNextEpisode() {
        DetectionDelay.Result withGrace = new DetectionDelay(2000).measure(twoEpisodes);
        // Second episode ends at 13 s; the alert at 15 s is within 2 s of it: delay 15 - 12 = 3 s.
        assertThat(withGrace.episodes().get(1)).isEqualTo(new DetectionDelay.Episode("d", 12000, 13000, true, 15000));
        assertThat(withGrace.episodes().get(1).delayMs()).isEqualTo(3000);
        assertThat(new DetectionDelay(1999).measure(twoEpisodes).episodes().get(1).detected()).isFalse();

        // Episodes at 2-3 s and 5-6 s, flagged only at 5 s: that detects the second, not the first.
        EventTimeline adjacent = timeline("e", 10, new int[] {2, 3, 5, 6}, new int[] {5});
        DetectionDelay.Result result = new DetectionDelay(5000).measure(adjacent);
        assertThat(result.episodes()).extracting(DetectionDelay.Episode::detected).containsExactly(false, true);
        assertThat(result.episodes().get(1).delayMs()).isZero();
    }

    @Test
    void alertAlreadyOpenAtTheStartIsDelayZero() {
        EventTimeline early = timeline("d", 12, new int[] {5, 6, 7, 8}, new int[] {3, 4, 5, 6});
        assertThat(new DetectionDelay(0).measure(early).episodes().get(0).delayMs()).isZero();
    }

    @Test
    void statisticsOverDevices() {
        EventTimeline other = timeline("e", 10, new int[] {1, 2, 3, 4}, new int[] {4});
        EventTimeline quick = timeline("f", 10, new int[] {6, 7}, new int[] {6});
        DetectionDelay.Result result = new DetectionDelay(2000).measure(List.of(twoEpisodes, other, quick));

        // Delays 2 s, 3 s (grace), 3 s, 0 s.
        assertThat(result.episodes()).hasSize(4);
        assertThat(result.detected()).isEqualTo(4);
        assertThat(result.meanDelayMs()).isCloseTo(2000.0, within(1e-9));
        assertThat(result.medianDelayMs()).isCloseTo(2500.0, within(1e-9));
        assertThat(result.maxDelayMs()).isEqualTo(3000.0);
    }

    @Test
    void nothingDetectedHasNoDelay() {
        EventTimeline missed = timeline("d", 10, new int[] {2, 3}, new int[] {});
        DetectionDelay.Result result = new DetectionDelay(0).measure(missed);
        assertThat(result.detected()).isZero();
        assertThat(result.meanDelayMs()).isNaN();
        assertThatThrownBy(() -> result.episodes().get(0).delayMs()).isInstanceOf(IllegalStateException.class);
        assertThat(new DetectionDelay(0).measure(List.of()).detectionRate()).isZero();
    }

    @Test
    void needsPredictionsAndANonNegativeGrace() {
        EventTimeline scoresOnly = EventTimeline.ofScores("d", new long[] {0}, new boolean[] {true}, new double[1]);
        assertThatThrownBy(() -> new DetectionDelay(0).measure(scoresOnly)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DetectionDelay(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
