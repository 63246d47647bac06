package io.fleetanomaly.evaluation.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetanomaly.evaluation.replay.ReplayRecord;
import io.fleetanomaly.events.ScoredEvent;
import io.fleetanomaly.events.SensorEvent;
import io.fleetanomaly.fusion.ScoreFusion;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeviceSeriesTest {

    @Test
    void groupsInterleavedEventsByDeviceKeepingTheirOrder() {
        List<ReplayRecord> events = List.of(
                TuningData.event("b", 10, 0, true, null, 0.0),
                TuningData.event("a", 12, 0, false, new double[] {1, 2}, 1.5),
                TuningData.event("b", 11, 1, false, new double[] {3, 4}, 3.5),
                TuningData.event("a", 9, -1, false, new double[] {5, 6}, 5.5)); // out of order: kept as processed
        List<DeviceSeries> series = DeviceSeries.byDevice(events);
        assertThat(series).extracting(DeviceSeries::deviceId).containsExactly("b", "a");
        DeviceSeries a = series.get(1);
        assertThat(a.size()).isEqualTo(2);
        assertThat(a.ts(0)).isEqualTo(12);
        assertThat(a.ts(1)).isEqualTo(9);
        assertThat(a.countedEvents()).isEqualTo(1); // the unlabeled one is not counted
        DeviceSeries b = series.get(0);
        assertThat(b.countedEvents()).isEqualTo(1); // the warm-up one is not counted
        assertThat(b.countedPositives()).isEqualTo(1);
        assertThat(b.detectorCount()).isEqualTo(2);
        assertThat(b.recordedAlertOpen()).containsExactly(false, false);
    }

    @Test
    void fromTheJobsScoresOutput() {
        ScoredEvent e = new ScoredEvent();
        e.deviceId = "pump-1";
        e.ts = 5;
        e.label = 1;
        e.detectorScores = new double[] {1, 2, 3};
        e.fusedScore = 2;
        e.openAlertId = "pump-1/4";
        ReplayRecord r = ReplayRecord.of(e);
        assertThat(r.alertOpen()).isTrue();
        assertThat(r.counted()).isTrue();
        e.openAlertId = null;
        e.label = SensorEvent.LABEL_UNKNOWN;
        assertThat(ReplayRecord.of(e).alertOpen()).isFalse();
        assertThat(ReplayRecord.of(e).counted()).isFalse();
        assertThat(DeviceSeries.of("pump-1", List.of(ReplayRecord.of(e))).recordedAlertOpen()).containsExactly(false);
    }

    @Test
    void recomputedFusedScoresAreTheJobsArithmeticBitForBit() {
        double[] weights = {0.3, 0.5, 0.2};
        ScoreFusion fusion = new ScoreFusion(weights);
        Random random = new Random(4);
        for (int i = 0; i < 10_000; i++) {
            double[] scores = {random.nextDouble() * 20, -Math.log(random.nextDouble()), random.nextGaussian() * 5};
            ScoredEvent job = new ScoredEvent();
            fusion.start(job, 2);
            for (int d = 0; d < 3; d++) {
                fusion.add(job, d, scores[d], new double[] {1, 0});
            }
            fusion.finish(job);
            assertThat(fusion.fuse(scores)).isEqualTo(job.fusedScore);
        }
    }

    @Test
    void invalidEventsAreRejected() {
        assertThatThrownBy(() -> TuningData.event("a", 1, 2, false, new double[] {1}, 1)).hasMessageContaining("label");
        assertThatThrownBy(() -> TuningData.event("a", 1, 0, false, null, 1)).hasMessageContaining("detector scores");
        List<ReplayRecord> mixed = List.of(
                TuningData.event("a", 1, 0, false, new double[] {1, 2}, 1),
                TuningData.event("a", 2, 0, false, new double[] {1, 2, 3}, 1));
        assertThatThrownBy(() -> DeviceSeries.of("a", mixed)).hasMessageContaining("3 detector scores");
        DeviceSeries two = DeviceSeries.of("a", mixed.subList(0, 1));
        assertThatThrownBy(() -> two.fusedScores(new ScoreFusion(new double[] {1.0}))).hasMessageContaining("weights are for 1");
    }

    @Test
    void timelineKeepsTheCountedEvents() {
        DeviceSeries series = new TuningData.Device("d", 1.0).warmUp(2).repeat(3, 0, 1.0).repeat(2, 1, 4.0).series();
        var timeline = series.timeline(new boolean[] {true, true, false, false, true, true, false});
        assertThat(timeline.labels()).containsExactly(false, false, false, true, true);
        assertThat(timeline.predicted()).containsExactly(false, false, true, true, false);
    }
}
