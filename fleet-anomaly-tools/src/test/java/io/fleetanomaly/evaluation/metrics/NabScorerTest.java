package io.fleetanomaly.evaluation.metrics;

import static io.fleetanomaly.evaluation.metrics.NabScorer.Profile.REWARD_LOW_FN;
import static io.fleetanomaly.evaluation.metrics.NabScorer.Profile.REWARD_LOW_FP;
import static io.fleetanomaly.evaluation.metrics.NabScorer.Profile.STANDARD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fleetanomaly.evaluation.metrics.AnomalyWindows.Placement;
import io.fleetanomaly.evaluation.metrics.NabScorer.Profile;
import io.fleetanomaly.evaluation.metrics.NabScorer.Result;
import io.fleetanomaly.evaluation.metrics.NabScorer.Timeline;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Expected values are worked out by hand from the rules in NabScorer's documentation (and the NAB and
 * tsad sources it cites); sigma(y) = 2 / (1 + e^(5y)) - 1 = tanh(-2.5 y), sigma(-1) = tanh(2.5) = 0.98661.
 */
class NabScorerTest {
    private static final double EPS = 1e-9;

    /** Events every second for 100 s, one window over seconds 40-49 (rows 40..49, 10 rows). */
    private static Timeline hundredSeconds(long... detectionSeconds) {
        long[] ts = new long[100];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = i * 1000L;
        }
        long[] detections = new long[detectionSeconds.length];
        for (int i = 0; i < detections.length; i++) {
            detections[i] = detectionSeconds[i] * 1000;
        }
        return new Timeline("d", ts, List.of(new AnomalyWindow(40_000, 49_000)), detections);
    }

    private static double raw(Result result, Profile profile) {
        return result.score(profile).raw();
    }

    @Nested
    class Numenta {
        private final NabScorer scorer = NabScorer.numenta(0.0);

        @Test
        void detectionAtTheWindowStartIsWorthExactlyATp() {
            Result result = scorer.score(List.of(hundredSeconds(40)));
            // NAB's code divides by sigma(-1): the first row scores A_TP, not the paper's 0.987 A_TP.
            assertThat(raw(result, STANDARD)).isCloseTo(1.0, within(EPS));
            for (Profile p : Profile.ALL) {
                assertThat(result.normalized(p)).as(p.name()).isCloseTo(100.0, within(EPS));
            }
            assertThat(result.windows()).isEqualTo(1);
            assertThat(result.detectedWindows()).isEqualTo(1);
        }

        @Test
        void laterDetectionsInsideTheWindowScoreLess() {
            // Row 45: y = -(49 - 45 + 1) / 10 = -0.5; tanh(1.25) / tanh(2.5) = 0.848284 / 0.986614.
            assertThat(raw(scorer.score(List.of(hundredSeconds(45))), STANDARD)).isCloseTo(0.8597925669, within(EPS));
            // Last row: y = -1/10 (never 0 in NAB's code); tanh(0.25) / tanh(2.5) = 0.244919 / 0.986614.
            assertThat(raw(scorer.score(List.of(hundredSeconds(49))), STANDARD)).isCloseTo(0.2482415498, within(EPS));
            // Only the first detection in a window counts; the others are neither TP nor FP.
            Result twice = scorer.score(List.of(hundredSeconds(45, 47, 49)));
            assertThat(raw(twice, STANDARD)).isCloseTo(0.8597925669, within(EPS));
            assertThat(twice.falsePositives()).isZero();
        }

        @Test
        void missedWindowCostsAFnAndNormalisesToZero() {
            Result result = scorer.score(List.of(hundredSeconds()));
            assertThat(raw(result, STANDARD)).isEqualTo(-1.0);
            assertThat(raw(result, REWARD_LOW_FP)).isEqualTo(-1.0);
            assertThat(raw(result, REWARD_LOW_FN)).isEqualTo(-2.0);
            for (Profile p : Profile.ALL) {
                assertThat(result.normalized(p)).as(p.name()).isZero();
            }
            assertThat(result.missedWindows()).isEqualTo(1);
        }

        @Test
        void falsePositiveWithNoWindowBeforeItCountsInFull() {
            Result result = scorer.score(List.of(hundredSeconds(10, 40)));
            assertThat(raw(result, STANDARD)).isCloseTo(1 - 0.11, within(EPS));
            assertThat(raw(result, REWARD_LOW_FP)).isCloseTo(1 - 0.22, within(EPS));
            assertThat(raw(result, REWARD_LOW_FN)).isCloseTo(1 - 0.11, within(EPS));
            assertThat(result.falsePositives()).isEqualTo(1);
        }

        @Test
        void falsePositiveAfterAWindowGrowsWithDistance() {
            // Row 50, just after the window (last row 49, width 10): y = 1/9, sigma = -0.270847.
            assertThat(raw(scorer.score(List.of(hundredSeconds(40, 50))), STANDARD))
                    .isCloseTo(1 - 0.0297931830, within(EPS));
            // Row 60: y = 11/9, sigma = -0.995575.
            assertThat(raw(scorer.score(List.of(hundredSeconds(40, 60))), STANDARD))
                    .isCloseTo(1 - 0.1095131013, within(EPS));
            assertThat(raw(scorer.score(List.of(hundredSeconds(40, 60))), REWARD_LOW_FP))
                    .isCloseTo(1 - 0.2190262026, within(EPS));
            // Row 90: y = 41/9 > 3, counted in full.
            assertThat(raw(scorer.score(List.of(hundredSeconds(40, 90))), STANDARD)).isCloseTo(1 - 0.11, within(EPS));
        }

        @Test
        void allTogetherInEachProfile() {
            // FP at row 10 (-A_FP in full), TP at row 45 (0.859793), FP at row 60 (0.995575 |A_FP|).
            Result result = scorer.score(List.of(hundredSeconds(10, 45, 60)));
            assertThat(raw(result, STANDARD)).isCloseTo(0.6402794656, within(EPS));
            assertThat(result.normalized(STANDARD)).isCloseTo(82.01397328, within(1e-6));
            assertThat(raw(result, REWARD_LOW_FP)).isCloseTo(0.4207663643, within(EPS));
            assertThat(result.normalized(REWARD_LOW_FP)).isCloseTo(71.03831822, within(1e-6));
            // Low FN: same raw as standard, null -2: 100 * (0.640279 + 2) / 3.
            assertThat(result.normalized(REWARD_LOW_FN)).isCloseTo(88.00931552, within(1e-6));
        }

        @Test
        void probationIgnoresTheFirstFifteenPercent() {
            // 100 events: probation = min(floor(15), 750) = 15 rows; the FP at row 10 is not scored.
            Result result = NabScorer.numenta().score(List.of(hundredSeconds(10, 40)));
            assertThat(raw(result, STANDARD)).isCloseTo(1.0, within(EPS));
            assertThat(result.falsePositives()).isZero();

            // A window entirely inside probation is not counted at all.
            Timeline early = new Timeline("e", hundredSeconds().timestamps(), List.of(new AnomalyWindow(5_000, 8_000)), new long[0]);
            Result none = NabScorer.numenta().score(List.of(early));
            assertThat(none.windows()).isZero();
            assertThat(none.normalized(STANDARD)).isNaN();
        }

        @Test
        void normalisesOverAllTimelinesTogether() {
            // One window caught at its start (+1), one missed (-1): raw 0, null -2, perfect 2.
            Result result = scorer.score(List.of(hundredSeconds(40), hundredSeconds()));
            assertThat(result.score(STANDARD).nullScore()).isEqualTo(-2.0);
            assertThat(result.score(STANDARD).perfect()).isEqualTo(2.0);
            assertThat(result.normalized(STANDARD)).isCloseTo(50.0, within(EPS));
        }

        @Test
        void detectionBetweenEventsCountsAtTheNextEvent() {
            // 39.5 s falls between rows 39 and 40: it lands on row 40, the window's start.
            Timeline t = new Timeline("d", hundredSeconds().timestamps(), hundredSeconds().windows(), new long[] {39_500});
            assertThat(raw(scorer.score(List.of(t)), STANDARD)).isCloseTo(1.0, within(EPS));
        }

        @Test
        void rejectsTouchingWindowsAndDetectionsOutsideTheTimeline() {
            long[] ts = hundredSeconds().timestamps();
            Timeline touching = new Timeline("d", ts,
                    List.of(new AnomalyWindow(10_000, 20_000), new AnomalyWindow(20_000, 30_000)), new long[0]);
            assertThatThrownBy(() -> scorer.score(List.of(touching))).isInstanceOf(IllegalArgumentException.class);
            Timeline late = new Timeline("d", ts, List.of(), new long[] {100_000});
            assertThatThrownBy(() -> scorer.score(List.of(late))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Skab {
        private final NabScorer scorer = NabScorer.skab();
        /** A 60 s window to the right of a changepoint at 100 s. */
        private final List<AnomalyWindow> window =
                AnomalyWindows.aroundChangepoints(new long[] {100_000}, 60_000, Placement.RIGHT);

        private Result score(long... detections) {
            return scorer.score(List.of(new Timeline("d", new long[0], window, detections)));
        }

        @Test
        void detectionAtTheChangepointIsPerfect() {
            Result result = score(100_000);
            for (Profile p : Profile.ALL) {
                assertThat(raw(result, p)).isCloseTo(1.0, within(EPS));
                assertThat(result.normalized(p)).isCloseTo(100.0, within(EPS));
            }
        }

        @Test
        void detectionAtTheWindowEndScoresAFpNotZero() {
            Result result = score(160_000);
            assertThat(raw(result, STANDARD)).isCloseTo(-0.11, within(EPS));
            assertThat(raw(result, REWARD_LOW_FP)).isCloseTo(-0.22, within(EPS));
            assertThat(result.normalized(STANDARD)).isCloseTo(44.5, within(EPS)); // 100 * 0.89 / 2
            assertThat(result.normalized(REWARD_LOW_FP)).isCloseTo(39.0, within(EPS));
            assertThat(result.normalized(REWARD_LOW_FN)).isCloseTo(63.0, within(EPS)); // 100 * 1.89 / 3
        }

        @Test
        void detectionHalfwayScoresTheTanhCurve() {
            // Sample 500 of 1000 on [-pi/2, pi/2]: x = pi/1998; 0.555 * (-tanh(x) / tanh(pi/2)) + 0.555 - 0.11.
            Result result = score(130_000);
            assertThat(raw(result, STANDARD)).isCloseTo(0.4440485071, within(EPS));
            // Low FP: 0.61 * (-tanh(x) / tanh(pi/2)) + 0.61 - 0.22.
            assertThat(raw(result, REWARD_LOW_FP)).isCloseTo(0.3889542150, within(EPS));
            // A tenth in: sample 100, x = 100 pi / 999 - pi/2.
            assertThat(raw(score(106_000), STANDARD)).isCloseTo(0.9593923484, within(EPS));
        }

        @Test
        void falsePositivesCountFlatWhereverTheyAre() {
            // Before the window, and long after it: A_FP each, no decay with distance.
            Result result = score(50_000, 100_000, 161_000, 900_000);
            assertThat(raw(result, STANDARD)).isCloseTo(1 - 3 * 0.11, within(EPS));
            assertThat(raw(result, REWARD_LOW_FP)).isCloseTo(1 - 3 * 0.22, within(EPS));
            assertThat(result.falsePositives()).isEqualTo(3);
        }

        @Test
        void missedWindowIsTheNullScore() {
            Result result = score();
            assertThat(raw(result, STANDARD)).isEqualTo(-1.0);
            assertThat(raw(result, REWARD_LOW_FN)).isEqualTo(-2.0);
            for (Profile p : Profile.ALL) {
                assertThat(result.normalized(p)).isZero();
            }
        }

        @Test
        void touchingWindowsShareTheirBoundaryDetection() {
            // Changepoints 0 and 30 s, 60 s windows: [0, 60 s] and, cut, [60 s, 90 s]. A detection at 60 s
            // is at the end of the first (A_FP) and the start of the second (A_TP).
            List<AnomalyWindow> windows = AnomalyWindows.aroundChangepoints(new long[] {0, 30_000}, 60_000, Placement.RIGHT);
            Result result = scorer.score(List.of(new Timeline("d", new long[0], windows, new long[] {60_000})));
            assertThat(raw(result, STANDARD)).isCloseTo(0.89, within(EPS));
            assertThat(result.normalized(STANDARD)).isCloseTo(72.25, within(EPS)); // 100 * 2.89 / 4
        }

        @Test
        void withoutWindowsOnlyFalsePositivesAndNoNormalisedScore() {
            Result result = scorer.score(List.of(new Timeline("d", new long[0], List.of(), new long[] {1, 2})));
            assertThat(raw(result, STANDARD)).isCloseTo(-0.22, within(EPS));
            assertThat(result.normalized(STANDARD)).isNaN();
        }

        @Test
        void scoresAnEventTimelinesAlertOpenings() {
            long[] ts = new long[200];
            boolean[] labels = new boolean[200];
            boolean[] predicted = new boolean[200];
            for (int i = 0; i < ts.length; i++) {
                ts[i] = i * 1000L;
                labels[i] = i >= 100 && i < 130;
                predicted[i] = i >= 100 && i < 120; // one alert, opened at the changepoint
            }
            EventTimeline events = EventTimeline.ofPredictions("d", ts, labels, predicted);
            Timeline t = Timeline.of(events, AnomalyWindows.aroundChangepoints(events, 60_000, Placement.RIGHT));
            assertThat(scorer.score(List.of(t)).normalized(STANDARD)).isCloseTo(100.0, within(EPS));
        }
    }

    @Test
    void internalsMatchTheirDefinitions() {
        assertThat(NabScorer.scaledSigmoid(-1.0)).isCloseTo(Math.tanh(2.5), within(1e-15));
        assertThat(NabScorer.scaledSigmoid(0.0)).isZero();
        assertThat(NabScorer.scaledSigmoid(3.5)).isEqualTo(-1.0);
        assertThat(NabScorer.skabScale(0, 1.0, -0.11)).isEqualTo(1.0);
        assertThat(NabScorer.skabScale(999, 1.0, -0.11)).isCloseTo(-0.11, within(1e-15));
        AnomalyWindow w = new AnomalyWindow(0, 60_000);
        assertThat(NabScorer.skabEvent(60_000, w)).isEqualTo(999);
        assertThat(NabScorer.skabEvent(59_999, w)).isEqualTo(999);
        assertThat(NabScorer.skabEvent(59_939, w)).isEqualTo(998);
        assertThat(NabScorer.skabEvent(15_000, w)).isEqualTo(250);
    }

    @Test
    void profilesNeedSignedWeights() {
        assertThatThrownBy(() -> new Profile("bad", 1.0, 0.11, -1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Profile.ALL).containsExactly(STANDARD, REWARD_LOW_FP, REWARD_LOW_FN);
    }
}
