package io.fleetanomaly.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The rate search on hand-made trial outcomes (no job, no clock). */
class SustainableRateTest {
    /** A job that processes at most {@code capacity} events/s, sent to for 10 s by a producer that achieves the rate. */
    private static SustainableRate.Trial jobOfCapacity(double capacity) {
        return rate -> {
            long sent = Math.round(rate * 10);
            long processed = Math.min(sent, Math.round(capacity * 10));
            return new SustainableRate.Outcome(rate, sent, 10.0, processed);
        };
    }

    @Test
    void aTrialKeepsUpWhenItEndsWithAtMostHalfASecondOfBacklogAndTheProducerAchievedTheRate() {
        assertThat(new SustainableRate.Outcome(10_000, 100_000, 10.0, 100_000).keptUp()).isTrue();
        assertThat(new SustainableRate.Outcome(10_000, 100_000, 10.0, 95_000).keptUp()).as("0.5 s of backlog").isTrue();
        assertThat(new SustainableRate.Outcome(10_000, 100_000, 10.0, 94_999).keptUp()).as("just over 0.5 s").isFalse();
        assertThat(new SustainableRate.Outcome(10_000, 100_000, 10.6, 100_000).keptUp())
                .as("the producer sent 9,434 events/s of the 10,000 asked").isFalse();
        assertThat(new SustainableRate.Outcome(10_000, 100_000, 10.5, 100_000).keptUp()).as("9,524 events/s: 95%").isTrue();
    }

    @Test
    void bisectsBetweenZeroAndTheUpperBoundTowardsTheJobsCapacity() throws Exception {
        SustainableRate.Result result = SustainableRate.search(48_000, 5, jobOfCapacity(30_000));

        // 24,000 keeps up; 36,000 ends with 60,000 events (1.67 s) behind; 30,000 keeps up; 33,000: 30,000 events
        // (0.91 s) behind, a narrow miss, so run again (same outcome); 31,500: 15,000 events (0.48 s) behind, within
        // the half second
        assertThat(result.trials()).extracting(SustainableRate.Outcome::rate)
                .containsExactly(24_000.0, 36_000.0, 30_000.0, 33_000.0, 33_000.0, 31_500.0);
        assertThat(result.trials()).extracting(SustainableRate.Outcome::keptUp)
                .containsExactly(true, false, true, false, false, true);
        assertThat(result.keptUpWithAny()).isTrue();
        assertThat(result.maximum()).isEqualTo(31_500.0);
        assertThat(result.upperBound()).isEqualTo(48_000.0);
    }

    @Test
    void aTrialThatMissesNarrowlyIsRunAgainAndTheSecondOutcomeDecides() throws Exception {
        // the first trial at 24,000 events/s ends 0.54 s behind (one pause), its repeat keeps up: the search goes up
        int[] calls = {0};
        SustainableRate.Trial pauseOnce = rate -> {
            long sent = Math.round(rate * 10);
            long behind = calls[0]++ == 0 ? Math.round(rate * 0.54) : 0;
            return new SustainableRate.Outcome(rate, sent, 10.0, sent - behind);
        };
        SustainableRate.Result result = SustainableRate.search(48_000, 2, pauseOnce);
        assertThat(result.trials()).extracting(SustainableRate.Outcome::rate).containsExactly(24_000.0, 24_000.0, 36_000.0);
        assertThat(result.trials()).extracting(SustainableRate.Outcome::keptUp).containsExactly(false, true, true);
        assertThat(result.maximum()).isEqualTo(36_000.0);

        // a clear miss (1.67 s behind) is not repeated
        assertThat(new SustainableRate.Outcome(36_000, 360_000, 10.0, 300_000).missedNarrowly()).isFalse();
        assertThat(new SustainableRate.Outcome(36_000, 360_000, 10.0, 330_000).missedNarrowly()).as("0.83 s").isTrue();
        assertThat(new SustainableRate.Outcome(36_000, 360_000, 10.0, 360_000).missedNarrowly()).as("kept up").isFalse();
    }

    @Test
    void aJobAsFastAsTheBoundKeepsUpWithEveryTrialAndStaysBelowIt() throws Exception {
        SustainableRate.Result result = SustainableRate.search(40_000, 3, jobOfCapacity(1e9));
        assertThat(result.trials()).extracting(SustainableRate.Outcome::rate).containsExactly(20_000.0, 30_000.0, 35_000.0);
        assertThat(result.maximum()).isEqualTo(35_000.0);
    }

    @Test
    void whenNoTrialKeepsUpTheMaximumIsTheMostTheJobProcessedBelowTheLowestRateTried() throws Exception {
        SustainableRate.Result result = SustainableRate.search(40_000, 2, jobOfCapacity(4_000));
        assertThat(result.trials()).extracting(SustainableRate.Outcome::rate).containsExactly(20_000.0, 10_000.0);
        assertThat(result.keptUpWithAny()).isFalse();
        assertThat(result.maximum()).isEqualTo(4_000.0);

        SustainableRate.Trial producerCannotSend = rate -> new SustainableRate.Outcome(rate, 1_000, 10.0, 1_000);
        SustainableRate.Result starved = SustainableRate.search(40_000, 1, producerCannotSend);
        assertThat(starved.keptUpWithAny()).isFalse();
        assertThat(starved.maximum()).isEqualTo(100.0);
    }

    @Test
    void refusesAnEmptySearch() {
        SustainableRate.Trial never = rate -> {
            throw new AssertionError("no trial expected");
        };
        assertThatThrownBy(() -> SustainableRate.search(0, 3, never)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SustainableRate.search(40_000, 0, never)).isInstanceOf(IllegalArgumentException.class);
    }
}
