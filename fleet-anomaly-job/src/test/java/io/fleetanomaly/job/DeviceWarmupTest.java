package io.fleetanomaly.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetanomaly.bundle.MahalanobisMode;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.events.ScoredEvent;
import io.fleetanomaly.events.SensorEvent;
import io.fleetanomaly.simulator.FleetSimulator;
import io.fleetanomaly.simulator.SimulatorProfile;
import io.fleetanomaly.simulator.SimulatorSettings;
import io.fleetanomaly.testing.TestBundles;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import io.fleetanomaly.scoring.DeviceScorer;
import io.fleetanomaly.scoring.InMemoryDeviceState;
/** The per-device warm-up: a device's first N events build its baselines and are never scored. */
class DeviceWarmupTest {
    static ModelBundle bundle;
    static List<SensorEvent> device;

    @BeforeAll
    static void setUp() {
        bundle = TestBundles.small(SimulatorProfile.INDUSTRIAL);
        FleetSimulator fleet = new FleetSimulator(SimulatorSettings.builder().devices(1).eventsPerDevice(300).seed(3).build());
        device = new ArrayList<>();
        for (long i = 0; i < fleet.totalEvents(); i++) {
            device.add(fleet.eventAt(i).toSensorEvent());
        }
    }

    private static List<ScoredEvent> score(ModelBundle b, int warmup) {
        DeviceScorer scorer = new DeviceScorer(b, warmup);
        InMemoryDeviceState state = scorer.newDevice();
        List<ScoredEvent> out = new ArrayList<>();
        for (SensorEvent e : device) {
            out.add(scorer.score(state, e));
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(MahalanobisMode.class)
    void theFirstNEventsAreWarmUpAndTheRestAreScored(MahalanobisMode mode) {
        ModelBundle b = bundle.withMahalanobisSettings(bundle.mahalanobisSettings().withMode(mode));
        List<ScoredEvent> scored = score(b, 150);
        for (int i = 0; i < scored.size(); i++) {
            assertThat(scored.get(i).warmingUp).as("event %d warming up", i).isEqualTo(i < 150);
            if (i >= 150) {
                assertThat(scored.get(i).detectorScores).isNotNull();
                assertThat(scored.get(i).fusedScore).isFinite().isNotNegative();
            }
        }
    }

    @Test
    void withoutAWarmUpTheWindowAndTheBundleDecide() {
        List<ScoredEvent> scored = score(bundle, 0);
        assertThat(scored.get(bundle.window() - 2).warmingUp).isTrue();
        assertThat(scored.get(bundle.window() - 1).warmingUp).isFalse();
        // a warm-up shorter than the window still waits for a full window
        assertThat(score(bundle, 5).get(bundle.window() - 2).warmingUp).isTrue();
    }

    @Test
    void deviceModeLearnsFromTheWholeWarmUp() {
        ModelBundle device = bundle.withMahalanobisSettings(bundle.mahalanobisSettings().withMode(MahalanobisMode.DEVICE));
        int bundleWarmup = device.mahalanobisSettings().deviceWarmupEvents();
        // the job's warm-up replaces the bundle's device warm-up: nothing is scored before it ends
        List<ScoredEvent> longer = score(device, bundleWarmup + 100);
        assertThat(longer.get(bundleWarmup + 99).warmingUp).isTrue();
        assertThat(longer.get(bundleWarmup + 100).warmingUp).isFalse();
    }

    @Test
    void deviceModeModelsSmoothedReadingsOnlyWhenTheWarmUpHoldsEnoughWindows() {
        ModelBundle device = bundle.withMahalanobisSettings(bundle.mahalanobisSettings().withMode(MahalanobisMode.DEVICE));
        int smoothing = device.mahalanobisSettings().deviceSmoothingEvents();
        int enough = io.fleetanomaly.bundle.MahalanobisSettings.MIN_SMOOTHED_WINDOWS * smoothing;
        assertThat(lastState(device, enough).models().smoothed).isNotNull();
        assertThat(lastState(device, enough).models().reading).isNotNull();
        assertThat(lastState(device, enough).warmup()).as("cleared once the models are fitted").isNull();
        assertThat(lastState(device, enough - 1).models().smoothed).isNull();
        assertThat(lastState(device, 0).models().smoothed).isNull(); // the bundle's 64-event device warm-up
    }

    @Test
    void aSmallSustainedShiftOfANoisySensorShowsInTheSmoothedReading() {
        ModelBundle device = bundle.withMahalanobisSettings(bundle.mahalanobisSettings().withMode(MahalanobisMode.DEVICE));
        int warmup = 200;
        int sensor = 3; // flow: fast noise around its level
        double shift = 0.8 * standardDeviation(device, sensor, warmup);
        double smoothed = meanMahalanobisAfter(device, warmup, sensor, shift, warmup);
        double readingOnly = meanMahalanobisAfter(device, warmup - 1, sensor, shift, warmup); // too short to smooth
        assertThat(smoothed).isGreaterThan(2 * readingOnly);
    }

    private static InMemoryDeviceState lastState(ModelBundle b, int warmup) {
        DeviceScorer scorer = new DeviceScorer(b, warmup);
        InMemoryDeviceState state = scorer.newDevice();
        for (SensorEvent e : device) {
            scorer.score(state, e);
        }
        return state;
    }

    private static double standardDeviation(ModelBundle b, int sensor, int events) {
        double mean = 0;
        for (int i = 0; i < events; i++) {
            mean += device.get(i).values[sensor] / events;
        }
        double sum = 0;
        for (int i = 0; i < events; i++) {
            double d = device.get(i).values[sensor] - mean;
            sum += d * d;
        }
        return Math.sqrt(sum / (events - 1));
    }

    /** Mean calibrated Mahalanobis score after {@code shiftFrom}, with the sensor shifted from there on. */
    private static double meanMahalanobisAfter(ModelBundle b, int warmup, int sensor, double shift, int shiftFrom) {
        DeviceScorer scorer = new DeviceScorer(b, warmup);
        InMemoryDeviceState state = scorer.newDevice();
        double sum = 0;
        int count = 0;
        for (int i = 0; i < device.size(); i++) {
            SensorEvent e = device.get(i);
            if (i >= shiftFrom) {
                double[] values = e.values.clone();
                values[sensor] += shift;
                e = new SensorEvent(e.deviceId, e.ts, values, 0, null);
            }
            ScoredEvent scored = scorer.score(state, e);
            if (i >= shiftFrom + 20) {
                sum += scored.detectorScores[DeviceScorer.MAHALANOBIS_INDEX];
                count++;
            }
        }
        return sum / count;
    }

    @Test
    void jobSettingsRejectANegativeWarmUp() {
        assertThatThrownBy(() -> JobSettings.builder().deviceWarmupEvents(-1))
                .hasMessageContaining("device warm-up events must be >= 0");
        assertThat(JobSettings.builder().deviceWarmupEvents(400).build().toBuilder().build().deviceWarmupEvents())
                .isEqualTo(400);
    }
}
