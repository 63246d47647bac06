package io.fleetanomaly.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetanomaly.alerting.CusumDetector;
import io.fleetanomaly.state.CusumState;
import io.fleetanomaly.bundle.BundleLoader;
import io.fleetanomaly.bundle.MahalanobisMode;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.events.AlertStatus;
import io.fleetanomaly.events.ScoredEvent;
import io.fleetanomaly.events.SensorEvent;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 12, silent blinding: one absurd but finite reading during a device's device-mode warm-up
 * (1e300, or 1e4 on a temperature that reads 75) left its Mahalanobis scores NaN or so desensitised
 * that a later +15 °C fault opened no alert. Here a pump is scored by the job's own scorer and CUSUM
 * (the shipped industrial bundle in device mode, without the LSTM): the absurd reading at several
 * places of the warm-up, with the bundle's plausible ranges and without them (a bundle written
 * before them: the warm-up's screen alone), and the fault must still open an alert.
 */
class AbsurdWarmupReadingTest {
    static final double[] MEANS = {75, 2.5, 1.2, 150, 45};
    static final double[] NOISE = {0.4, 0.02, 0.05, 1.0, 0.4};
    static final int NORMAL_AFTER_WARMUP = 300;
    static final int FAULT_EVENTS = 120;

    @ParameterizedTest(name = "{0} at warm-up event {1}, plausible ranges {2}")
    @CsvSource({
        "1e300, 30, true", "1e300, 30, false", "1e4, 30, true", "1e4, 30, false",
        "1e4, 2, true", "1e4, 2, false", "1e300, 63, true", "1e4, 63, false", "-1e300, 10, false"})
    void aFaultAfterAnAbsurdWarmupReadingStillOpensAnAlert(double absurd, int at, boolean ranges) {
        ModelBundle shipped = BundleLoader.load(BundleLoader.defaultLocation("industrial")).withoutLstm();
        assertThat(shipped.plausibleRanges()).isNotNull();
        ModelBundle bundle = shipped.withMahalanobisSettings(shipped.mahalanobisSettings().withMode(MahalanobisMode.DEVICE));
        if (!ranges) {
            bundle = bundle.withPlausibleRanges(null);
        }
        DeviceScorer scorer = new DeviceScorer(bundle);
        InMemoryDeviceState device = scorer.newDevice();
        CusumDetector cusum = new CusumDetector(bundle.alertSettings(), bundle.featureCount());
        CusumState alerting = cusum.newState();
        Random random = new Random(11);
        int warmup = bundle.mahalanobisSettings().deviceWarmupEvents();
        long ts = 1_767_225_600_000L;
        boolean openedDuringFault = false;
        int openedBeforeFault = 0;
        int scored = 0;
        int total = warmup + NORMAL_AFTER_WARMUP + FAULT_EVENTS;
        for (int i = 0; i < total; i++) {
            double[] values = new double[MEANS.length];
            for (int j = 0; j < values.length; j++) {
                values[j] = MEANS[j] + NOISE[j] * random.nextGaussian();
            }
            if (i == at) {
                values[0] = absurd;
            }
            boolean fault = i >= total - FAULT_EVENTS;
            if (fault) {
                values[0] += 15; // +15 °C
            }
            ScoredEvent event = scorer.score(device, new SensorEvent("pump-7", ts += 1000, values, 0, null));
            if (event.warmingUp) {
                continue;
            }
            scored++;
            assertThat(event.fusedScore).as("fused score at event %d", i).isFinite();
            AlertStatus status = cusum.observe(alerting, event.ts, event.fusedScore, event.sensorContributions);
            if (status == AlertStatus.OPEN) {
                if (fault) {
                    openedDuringFault = true;
                } else {
                    openedBeforeFault++;
                }
            }
        }
        assertThat(scored).isGreaterThan(NORMAL_AFTER_WARMUP);
        assertThat(openedDuringFault).as("the +15 °C fault opens an alert").isTrue();
        assertThat(openedBeforeFault).as("alerts opened before the fault").isLessThanOrEqualTo(1);
    }
}
