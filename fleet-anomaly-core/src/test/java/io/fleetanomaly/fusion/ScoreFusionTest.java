package io.fleetanomaly.fusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetanomaly.events.ScoredEvent;
import org.junit.jupiter.api.Test;

class ScoreFusionTest {
    private static ScoredEvent fuseIncrementally(ScoreFusion fusion, double[] scores, double[][] shares) {
        ScoredEvent event = new ScoredEvent();
        fusion.start(event, shares[0].length);
        for (int d = 0; d < scores.length; d++) {
            fusion.add(event, d, scores[d], shares[d]);
        }
        fusion.finish(event);
        return event;
    }

    @Test
    void weightedMeanAddsWeightedScoresAndContributions() {
        ScoreFusion fusion = new ScoreFusion(new double[] {0.25, 0.75});
        ScoredEvent e = fuseIncrementally(fusion, new double[] {4, 8}, new double[][] {{1, 0}, {0, 1}});
        assertThat(e.fusedScore).isEqualTo(7.0);
        assertThat(fusion.fuse(new double[] {4, 8})).isEqualTo(7.0);
        // 0.25*4 = 1 on sensor 0, 0.75*8 = 6 on sensor 1
        assertThat(e.sensorContributions).containsExactly(1.0 / 7, 6.0 / 7);
    }

    @Test
    void maxTakesTheMostSurprisedDetectorAndItsSensors() {
        ScoreFusion fusion = new ScoreFusion(new double[] {0.5, 0.5}, FusionMethod.MAX);
        ScoredEvent e = fuseIncrementally(fusion, new double[] {2, 9}, new double[][] {{1, 0, 0}, {0, 3, 1}});
        assertThat(e.fusedScore).isEqualTo(9.0);
        assertThat(fusion.fuse(new double[] {2, 9})).isEqualTo(9.0);
        assertThat(e.sensorContributions).containsExactly(0.0, 0.75, 0.25);
        ScoredEvent first = fuseIncrementally(fusion, new double[] {9, 2}, new double[][] {{1, 0, 0}, {0, 3, 1}});
        assertThat(first.sensorContributions).containsExactly(1.0, 0.0, 0.0);
    }

    @Test
    void maxWeighsRelativeToTheLargestWeightAndLeavesWeightZeroOut() {
        ScoreFusion fusion = new ScoreFusion(new double[] {0.2, 0.8, 0.0}, FusionMethod.MAX);
        // 0.25 * 10 = 2.5 vs 1.0 * 3 = 3; the third detector (weight 0) is left out
        assertThat(fusion.fuse(new double[] {10, 3, 100})).isEqualTo(3.0);
        assertThat(fuseIncrementally(fusion, new double[] {10, 3, 100}, new double[][] {{1}, {1}, {1}}).fusedScore)
                .isEqualTo(3.0);
    }

    @Test
    void maxOfNoFiniteScoreIsNaNBothWays() {
        ScoreFusion fusion = new ScoreFusion(new double[] {0.5, 0.5}, FusionMethod.MAX);
        assertThat(fusion.fuse(new double[] {Double.NaN, Double.NaN})).isNaN();
        assertThat(fuseIncrementally(fusion, new double[] {Double.NaN, Double.NaN}, new double[][] {{1}, {1}}).fusedScore).isNaN();
    }

    @Test
    void methodNamesParseAndBadOnesAreNamed() {
        assertThat(FusionMethod.parse("max")).isEqualTo(FusionMethod.MAX);
        assertThat(FusionMethod.parse("weighted_mean")).isEqualTo(FusionMethod.WEIGHTED_MEAN);
        assertThatThrownBy(() -> FusionMethod.parse("median")).hasMessageContaining("weighted_mean or max");
    }
}
