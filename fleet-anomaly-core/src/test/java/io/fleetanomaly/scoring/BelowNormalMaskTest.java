package io.fleetanomaly.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetanomaly.bundle.BundleLoader;
import io.fleetanomaly.bundle.MahalanobisMode;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.events.ScoredEvent;
import io.fleetanomaly.events.SensorEvent;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The side of each sensor's deviation reaches the alerting ({@link ScoredEvent#belowNormalMask}, read by
 * the return rule): a pump scored by the job's own scorer in device mode (the shipped industrial
 * bundle, without the LSTM), then a reading 15 °C above and one 15 °C below its normal temperature.
 */
class BelowNormalMaskTest {
    private static final double[] MEANS = {75, 2.5, 1.2, 150, 45};
    private static final double[] NOISE = {0.4, 0.02, 0.05, 1.0, 0.4};

    @Test
    void theBitOfASensorReadingBelowItsNormalIsSetInDeviceMode() {
        ModelBundle shipped = BundleLoader.load(BundleLoader.defaultLocation("industrial")).withoutLstm();
        ModelBundle device = shipped.withMahalanobisSettings(shipped.mahalanobisSettings().withMode(MahalanobisMode.DEVICE));

        assertThat(maskOf(device, +15) & 1L).as("temperature above its normal").isEqualTo(0L);
        assertThat(maskOf(device, -15) & 1L).as("temperature below its normal").isEqualTo(1L);
        assertThat(maskOf(shipped, -15)).as("fleet mode: not filled").isEqualTo(0L);
    }

    /** The mask of a pump's event whose temperature is off by {@code offset} after its warm-up. */
    private static long maskOf(ModelBundle bundle, double offset) {
        DeviceScorer scorer = new DeviceScorer(bundle);
        InMemoryDeviceState device = scorer.newDevice();
        Random random = new Random(5);
        long ts = 1_767_225_600_000L;
        int events = bundle.mahalanobisSettings().deviceWarmupEvents() + 100;
        ScoredEvent event = null;
        for (int i = 0; i <= events; i++) {
            double[] values = new double[MEANS.length];
            for (int j = 0; j < values.length; j++) {
                values[j] = MEANS[j] + NOISE[j] * random.nextGaussian();
            }
            if (i == events) {
                values[0] += offset;
            }
            event = scorer.score(device, new SensorEvent("pump-3", ts += 1000, values, 0, null));
        }
        assertThat(event.warmingUp).isFalse();
        return event.belowNormalMask;
    }
}
