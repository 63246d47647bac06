package io.fleetanomaly.evaluation.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RankingMetricsTest {
    private static final double EPS = 1e-12;
    private static final double INF = Double.POSITIVE_INFINITY;

    /** scikit-learn's documentation example: roc_auc_score 0.75, average_precision_score 0.8333. */
    private final RankingMetrics sklearnExample =
            RankingMetrics.of(new double[] {0.1, 0.4, 0.35, 0.8}, new int[] {0, 0, 1, 1});

    @Test
    void rocCurveHasOnePointPerDistinctScoreFromTheOrigin() {
        assertThat(sklearnExample.rocCurve()).containsExactly(
                new RocPoint(INF, 0, 0),
                new RocPoint(0.8, 0, 0.5),
                new RocPoint(0.4, 0.5, 0.5),
                new RocPoint(0.35, 0.5, 1),
                new RocPoint(0.1, 1, 1));
        assertThat(sklearnExample.rocAuc()).isCloseTo(0.75, within(EPS));
    }

    @Test
    void precisionRecallCurveAndAveragePrecision() {
        assertThat(sklearnExample.precisionRecallCurve()).containsExactly(
                new PrPoint(INF, 0, 1),
                new PrPoint(0.8, 0.5, 1),
                new PrPoint(0.4, 0.5, 0.5),
                new PrPoint(0.35, 1, 2.0 / 3),
                new PrPoint(0.1, 1, 0.5));
        // 0.5 * 1 + 0 * 0.5 + 0.5 * 2/3 + 0 * 0.5
        assertThat(sklearnExample.averagePrecision()).isCloseTo(5.0 / 6, within(EPS));
    }

    @Test
    void tiedScoresAreOneStepAndCountHalfInTheAuc() {
        RankingMetrics allTied = RankingMetrics.of(new double[] {0.5, 0.5, 0.5, 0.5}, new int[] {1, 0, 1, 0});
        assertThat(allTied.rocCurve()).containsExactly(new RocPoint(INF, 0, 0), new RocPoint(0.5, 1, 1));
        assertThat(allTied.rocAuc()).isEqualTo(0.5);
        assertThat(allTied.averagePrecision()).isEqualTo(0.5);

        // Anomalies 0.9 and 0.5, normals 0.5 and 0.1: pairs won 1 + 1 + 1/2 + 1 of 4.
        RankingMetrics partlyTied = RankingMetrics.of(new double[] {0.9, 0.5, 0.5, 0.1}, new int[] {1, 1, 0, 0});
        assertThat(partlyTied.rocAuc()).isCloseTo(3.5 / 4, within(EPS));
        // Threshold 0.9: R 1/2, P 1; threshold 0.5: R 1, P 2/3.
        assertThat(partlyTied.averagePrecision()).isCloseTo(0.5 + 0.5 * 2.0 / 3, within(EPS));
    }

    @Test
    void aucEqualsTheMannWhitneyProbabilityOnRandomTiedData() {
        Random random = new Random(7);
        for (int trial = 0; trial < 20; trial++) {
            int n = 50 + random.nextInt(200);
            double[] scores = new double[n];
            boolean[] labels = new boolean[n];
            for (int i = 0; i < n; i++) {
                labels[i] = random.nextDouble() < 0.3;
                scores[i] = random.nextInt(12) + (labels[i] ? 2 : 0); // coarse: many ties
            }
            labels[0] = true;
            labels[1] = false;
            double wins = 0;
            long pairs = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (labels[i] && !labels[j]) {
                        pairs++;
                        wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                    }
                }
            }
            assertThat(RankingMetrics.of(scores, labels).rocAuc()).isCloseTo(wins / pairs, within(1e-12));
        }
    }

    @Test
    void perfectAndInvertedRankings() {
        RankingMetrics perfect = RankingMetrics.of(new double[] {3, 4, 1, 2}, new int[] {1, 1, 0, 0});
        assertThat(perfect.rocAuc()).isEqualTo(1.0);
        assertThat(perfect.averagePrecision()).isEqualTo(1.0);

        RankingMetrics inverted = RankingMetrics.of(new double[] {1, 2, 3, 4}, new int[] {1, 1, 0, 0});
        assertThat(inverted.rocAuc()).isZero();
        // Threshold 2: R 1/2, P 1/3; threshold 1: R 1, P 2/4.
        assertThat(inverted.averagePrecision()).isCloseTo(0.5 / 3 + 0.5 * 0.5, within(EPS));
    }

    @Test
    void undefinedWithoutBothClasses() {
        RankingMetrics noAnomaly = RankingMetrics.of(new double[] {1, 2}, new int[] {0, 0});
        assertThat(noAnomaly.rocAuc()).isNaN();
        assertThat(noAnomaly.averagePrecision()).isNaN();
        assertThat(noAnomaly.rocCurve().get(1).truePositiveRate()).isNaN();

        RankingMetrics onlyAnomalies = RankingMetrics.of(new double[] {1, 2}, new int[] {1, 1});
        assertThat(onlyAnomalies.rocAuc()).isNaN();
        assertThat(onlyAnomalies.averagePrecision()).isEqualTo(1.0);
    }

    @Test
    void rejectsNaNScoresAndBadLabels() {
        assertThatThrownBy(() -> RankingMetrics.of(new double[] {0.1, Double.NaN}, new int[] {0, 1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("score 1 is NaN");
        assertThatThrownBy(() -> RankingMetrics.of(new double[] {0.1, 0.2}, new int[] {0, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label 1 is 2");
        assertThatThrownBy(() -> RankingMetrics.of(new double[] {0.1}, new boolean[2]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void negativeZeroIsTheSameThresholdAsZero() {
        RankingMetrics m = RankingMetrics.of(new double[] {-0.0, 0.0, 1.0}, new int[] {1, 0, 1});
        assertThat(m.rocCurve()).hasSize(3);
        assertThat(m.rocAuc()).isCloseTo(0.75, within(EPS)); // 1 win, 1 tie of 2 pairs
    }

    @Test
    void infiniteScoresAreRankedNormally() {
        RankingMetrics m = RankingMetrics.of(
                new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}, new int[] {1, 0});
        assertThat(m.rocAuc()).isEqualTo(1.0);
        List<RocPoint> curve = m.rocCurve();
        assertThat(curve.get(curve.size() - 1)).isEqualTo(new RocPoint(Double.NEGATIVE_INFINITY, 1, 1));
    }
}
