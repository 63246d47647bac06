package io.fleetanomaly.evaluation.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fleetanomaly.evaluation.metrics.ConfusionMatrix;
import io.fleetanomaly.evaluation.metrics.NabScorer;
import io.fleetanomaly.evaluation.replay.ReplayRecord;
import io.fleetanomaly.evaluation.tuning.DeviceSeries;
import io.fleetanomaly.alerting.AlertSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayEvaluationTest {
    private static final long T0 = 1_700_000_000_000L;

    /**
     * One device, 1 Hz: 5 warm-up events, then 20 scored events; events 10..14 (0-based, scored part)
     * are anomalous; the alert is open on events 11..16. Detector "a" separates perfectly, "b" is inverted.
     */
    private static DeviceSeries device() {
        List<ReplayRecord> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(new ReplayRecord("d", T0 + i * 1000L, 0, false, 0, true, Double.NaN, null, 0.0, null, 0.0));
        }
        for (int j = 0; j < 20; j++) {
            boolean anomalous = j >= 10 && j <= 14;
            boolean open = j >= 11 && j <= 16;
            double a = anomalous ? 5 + j * 0.01 : 1 + j * 0.01;
            double b = anomalous ? 0.5 : 2 + j * 0.01;
            events.add(new ReplayRecord("d", T0 + (5 + j) * 1000L, anomalous ? 1 : 0, false, 0, false,
                    (a + b) / 2, new double[] {a, b}, 0.0, open ? "d/" + (T0 + 16_000L) : null, 0.0));
        }
        return DeviceSeries.of("d", events);
    }

    @Test
    void confusionOfTheAlertOutputCountsScoredLabeledEventsUnderAnOpenAlert() {
        EvaluationResult result = ReplayEvaluation.evaluate(List.of(device()), Map.of(), new String[] {"a", "b"},
                AlertSettings.defaults(), EvaluationOptions.defaults());
        // anomalous 10..14, open 11..16: TP 11..14 = 4, FN 10 = 1, FP 15,16 = 2, TN 20 - 7 = 13
        assertThat(result.alerts().confusion()).isEqualTo(new ConfusionMatrix(4, 2, 1, 13));
        assertThat(result.countedEvents()).isEqualTo(20);
        assertThat(result.anomalousEvents()).isEqualTo(5);
        assertThat(result.warmupEvents()).isEqualTo(5);
        // detected 1 s after the anomaly started
        assertThat(result.alerts().delay().meanDelayMs()).isEqualTo(1000.0);
        assertThat(result.alerts().delay().detected()).isEqualTo(1);
    }

    @Test
    void detectorsAreRankedAloneAndFused() {
        EvaluationResult result = ReplayEvaluation.evaluate(List.of(device()), Map.of(), new String[] {"a", "b"},
                AlertSettings.defaults(), EvaluationOptions.defaults());
        assertThat(result.detectors()).extracting(DetectorQuality::name).containsExactly("a", "b", "fused");
        DetectorQuality a = result.detectors().get(0);
        assertThat(a.ranking().rocAuc()).isEqualTo(1.0);
        assertThat(a.bestF1().matrix()).isEqualTo(new ConfusionMatrix(5, 0, 0, 15));
        assertThat(a.normalScores()).hasSize(15);
        assertThat(a.anomalousScores()).hasSize(5);
        assertThat(result.detectors().get(1).ranking().rocAuc()).isEqualTo(0.0);
    }

    @Test
    void nabUsesTheLabeledChangepointsWhenGivenElseTheAnomalyStarts() {
        // A changepoint at the alert's opening (event 11): a detection at the very start of its window.
        long cp = T0 + (5 + 11) * 1000L;
        EvaluationResult given = ReplayEvaluation.evaluate(List.of(device()), Map.of("d", new long[] {cp}),
                new String[] {"a", "b"}, AlertSettings.defaults(), EvaluationOptions.defaults());
        assertThat(given.alerts().nab().detectedWindows()).isEqualTo(1);
        assertThat(given.alerts().nab().normalized(NabScorer.Profile.STANDARD)).isCloseTo(100.0, within(1e-9));
        // Without changepoints, the window starts with the anomaly (event 10), one event before the opening.
        EvaluationResult fromLabels = ReplayEvaluation.evaluate(List.of(device()), Map.of(),
                new String[] {"a", "b"}, AlertSettings.defaults(), EvaluationOptions.defaults());
        assertThat(fromLabels.alerts().nab().detectedWindows()).isEqualTo(1);
        assertThat(fromLabels.alerts().nab().normalized(NabScorer.Profile.STANDARD)).isLessThan(100.0).isGreaterThan(50.0);
    }

    @Test
    void theHSweepReplaysTheCusumAndMarksTheBestRows() {
        EvaluationResult result = ReplayEvaluation.evaluate(List.of(device()), Map.of(), new String[] {"a", "b"},
                AlertSettings.defaults(), EvaluationOptions.defaults());
        assertThat(result.alerts().hSweep()).isNotEmpty();
        assertThat(result.alerts().hSweep()).contains(result.alerts().bestF1(), result.alerts().minCost());
        assertThat(result.alerts().hSweep()).allSatisfy(row -> assertThat(row.matrix().total()).isEqualTo(20));
    }

    @Test
    void touchingOrOverlappingNabWindowsAreMergedAsNabDoes() {
        var merged = ReplayEvaluation.merged(List.of(new io.fleetanomaly.evaluation.metrics.AnomalyWindow(0, 60),
                new io.fleetanomaly.evaluation.metrics.AnomalyWindow(60, 120),
                new io.fleetanomaly.evaluation.metrics.AnomalyWindow(100, 160),
                new io.fleetanomaly.evaluation.metrics.AnomalyWindow(200, 260)));
        assertThat(merged).containsExactly(new io.fleetanomaly.evaluation.metrics.AnomalyWindow(0, 160),
                new io.fleetanomaly.evaluation.metrics.AnomalyWindow(200, 260));
    }
}
