package io.fleetanomaly.evaluation.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CurvesTest {
    /** A ROC-like elbow: up the left edge to (0, 1), then along the top to (1, 1). */
    private static List<RocPoint> elbow() {
        List<RocPoint> points = new ArrayList<>();
        for (int i = 0; i <= 10; i++) {
            points.add(new RocPoint(100 - i, 0, i / 10.0));
        }
        for (int i = 1; i <= 10; i++) {
            points.add(new RocPoint(90 - i, i / 10.0, 1));
        }
        return points;
    }

    @Test
    void keepsTheEndsAndTheCorner() {
        List<RocPoint> points = elbow();

        List<RocPoint> small = Curves.downsample(points, 5);

        assertThat(small).hasSize(5);
        assertThat(small.get(0)).isEqualTo(points.get(0));
        assertThat(small.get(4)).isEqualTo(points.get(20));
        assertThat(small).contains(new RocPoint(90, 0, 1));
        assertThat(small).isSubsetOf(points);
        assertThat(small).isSortedAccordingTo((a, b) -> Double.compare(b.threshold(), a.threshold()));
    }

    @Test
    void leavesSmallCurvesAloneAndRejectsFewerThanTwoPoints() {
        List<RocPoint> points = elbow();
        assertThat(Curves.downsample(points, 21)).isSameAs(points);
        assertThat(Curves.downsample(points, 2)).containsExactly(points.get(0), points.get(20));
        assertThatThrownBy(() -> Curves.downsample(points, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void downsamplesLongCurvesToTheLimit() {
        double[] scores = new double[5000];
        boolean[] labels = new boolean[5000];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = i;
            labels[i] = i % 7 == 0 || i > 4000;
        }
        List<PrPoint> curve = RankingMetrics.of(scores, labels).precisionRecallCurve();
        List<PrPoint> small = Curves.downsample(curve, 200);
        assertThat(small).hasSize(200);
        assertThat(small.get(0)).isEqualTo(curve.get(0));
        assertThat(small.get(199)).isEqualTo(curve.get(curve.size() - 1));
    }
}
