package io.fleetanomaly.evaluation.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimelineDownsamplerTest {
    @Test
    void shortTimelinesAreKept() {
        DeviceTimeline t = timeline(10);
        assertThat(TimelineDownsampler.downsample(t, 10)).isSameAs(t);
    }

    @Test
    void longTimelinesKeepPeaksLabelsAndAlerts() {
        DeviceTimeline t = timeline(10_000);
        t.fused()[5_003] = 99;
        t.cusum()[7_001] = 42;
        t.labels()[2_005] = 1;
        t.alertOpen()[9_999] = true;
        t.detectorScores().get("iforest")[4_321] = 17;
        DeviceTimeline d = TimelineDownsampler.downsample(t, 100);

        assertThat(d.size()).isEqualTo(100);
        assertThat(d.deviceId()).isEqualTo("d");
        assertThat(d.timestamps()[0]).isEqualTo(0);
        assertThat(d.timestamps()[50]).isEqualTo(5_000_000);
        assertThat(d.fused()[50]).isEqualTo(99);
        assertThat(d.fused()[49]).isEqualTo(0.5);
        assertThat(d.cusum()[70]).isEqualTo(42);
        assertThat(d.labels()[20]).isEqualTo(1);
        assertThat(d.labels()[21]).isZero();
        assertThat(d.alertOpen()[99]).isTrue();
        assertThat(d.alertOpen()[98]).isFalse();
        assertThat(d.detectorScores().get("iforest")[43]).isEqualTo(17);
        assertThat(d.cusumThreshold()).isEqualTo(5);
    }

    @Test
    void bucketsOfOnlyMissingScoresStayMissing() {
        DeviceTimeline t = timeline(1_000);
        Arrays.fill(t.detectorScores().get("iforest"), 0, 20, Double.NaN);
        DeviceTimeline d = TimelineDownsampler.downsample(t, 100);
        assertThat(d.detectorScores().get("iforest")[0]).isNaN();
        assertThat(d.detectorScores().get("iforest")[1]).isNaN();
        assertThat(d.detectorScores().get("iforest")[2]).isEqualTo(0.5);
    }

    private static DeviceTimeline timeline(int n) {
        long[] ts = new long[n];
        double[] fused = new double[n];
        double[] iforest = new double[n];
        for (int i = 0; i < n; i++) {
            ts[i] = 1_000L * i;
            fused[i] = 0.5;
            iforest[i] = 0.5;
        }
        return new DeviceTimeline("d", ts, fused, Map.of("iforest", iforest), new int[n], new boolean[n],
                new double[n], 5);
    }
}
