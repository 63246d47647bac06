package io.fleetanomaly.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetanomaly.alerting.CusumDetector;
import io.fleetanomaly.bundle.BundleLoader;
import io.fleetanomaly.bundle.MahalanobisMode;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.events.AlertStatus;
import io.fleetanomaly.events.ScoredEvent;
import io.fleetanomaly.events.SensorEvent;
import io.fleetanomaly.fusion.FusionMethod;
import io.fleetanomaly.state.CusumState;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The job's scorer defers the sensor contributions ({@link DeviceScorer#deferAttribution()}): the
 * Isolation Forest walks without attribution, and the contributions are computed only when the
 * CUSUM asks for them. Scored side by side with a scorer that computes them at once, on the same
 * readings (normal noise, then spikes, a drift and a stuck sensor on some devices), every event
 * has the same bits (fused score, detector scores, contributions), and a CUSUM fed the deferred
 * events raises the same alerts and ends every event in the same state as one fed the eager
 * events, while asking for the contributions of fewer events than it scores.
 */
class DeferredAttributionTest {
    private static final int DEVICES = 6;
    private static final int EVENTS = 700;

    @ParameterizedTest(name = "{0}, {1}, {2}")
    @CsvSource({
        "telemetry, FLEET, WEIGHTED_MEAN, true", "industrial, FLEET, WEIGHTED_MEAN, true",
        "process, FLEET, WEIGHTED_MEAN, false", "service, DEVICE, WEIGHTED_MEAN, true",
        "industrial, DEVICE, WEIGHTED_MEAN, true", "telemetry, FLEET, MAX, true", "industrial, DEVICE, MAX, true"})
    void deferredContributionsGiveTheSameEventsAndAlerts(
            String name, MahalanobisMode mode, FusionMethod method, boolean raisesAlerts) {
        ModelBundle shipped = BundleLoader.load(BundleLoader.defaultLocation(name)).withoutLstm();
        ModelBundle bundle = shipped.withMahalanobisSettings(shipped.mahalanobisSettings().withMode(mode))
                .withFusionMethod(method);
        DeviceScorer eager = new DeviceScorer(bundle);
        DeviceScorer deferred = new DeviceScorer(bundle).deferAttribution();
        int f = bundle.featureCount();
        CusumDetector cusum = new CusumDetector(bundle.alertSettings(), f);
        InMemoryDeviceState[] eagerDevices = new InMemoryDeviceState[DEVICES];
        InMemoryDeviceState[] deferredDevices = new InMemoryDeviceState[DEVICES];
        CusumState[] eagerAlerting = new CusumState[DEVICES];
        CusumState[] deferredAlerting = new CusumState[DEVICES];
        for (int d = 0; d < DEVICES; d++) {
            eagerDevices[d] = eager.newDevice();
            deferredDevices[d] = deferred.newDevice();
            eagerAlerting[d] = cusum.newState();
            deferredAlerting[d] = cusum.newState();
        }
        double[] mean = bundle.scaler().mean();
        double[] std = bundle.scaler().std();
        Random random = new Random(name.hashCode() + 31L * mode.ordinal() + method.ordinal());
        long ts = 1_767_225_600_000L;
        int scored = 0;
        int asked = 0;
        int alerts = 0;
        for (int i = 0; i < EVENTS; i++) {
            ts += 1000;
            for (int d = 0; d < DEVICES; d++) {
                double[] values = reading(random, mean, std, d, i);
                ScoredEvent a = eager.score(eagerDevices[d], new SensorEvent("dev-" + d, ts, values.clone(), 0, null));
                ScoredEvent b = deferred.score(deferredDevices[d], new SensorEvent("dev-" + d, ts, values.clone(), 0, null));
                assertThat(b.warmingUp).isEqualTo(a.warmingUp);
                if (a.warmingUp) {
                    continue;
                }
                scored++;
                assertThat(bits(b.fusedScore)).as("fused score, device %d event %d", d, i).isEqualTo(bits(a.fusedScore));
                assertThat(b.detectorScores).isEqualTo(a.detectorScores);
                assertThat(b.sensorContributions).isNull();
                int[] askedNow = {0};
                AlertStatus eagerStatus = cusum.observe(eagerAlerting[d], ts, a.fusedScore, a.sensorContributions);
                AlertStatus deferredStatus = cusum.observeDeferred(deferredAlerting[d], ts, b.fusedScore, b, event -> {
                    askedNow[0]++;
                    return event.contributions();
                });
                assertThat(deferredStatus).isEqualTo(eagerStatus);
                assertSameState(deferredAlerting[d], eagerAlerting[d]);
                assertThat(askedNow[0]).isLessThanOrEqualTo(1);
                asked += askedNow[0];
                alerts += eagerStatus == null ? 0 : 1;
                assertThat(bits(b.contributions())).as("contributions, device %d event %d", d, i)
                        .isEqualTo(bits(a.sensorContributions));
            }
        }
        for (int d = 0; d < DEVICES; d++) {
            assertThat(deferredAlerting[d]).usingRecursiveComparison().isEqualTo(eagerAlerting[d]);
        }
        if (!raisesAlerts) {
            return; // the PCA monitor of the process bundle shrugs these faults off: events and states compared only
        }
        assertThat(alerts).as("alert records").isGreaterThan(0);
        assertThat(asked).as("events whose contributions the CUSUM read").isGreaterThan(0).isLessThan(scored / 2);
    }

    /** Normal noise; device 0 stays normal, the others get a spike, a drift or a stuck sensor after event 400. */
    private static double[] reading(Random random, double[] mean, double[] std, int device, int event) {
        double[] values = new double[mean.length];
        for (int j = 0; j < values.length; j++) {
            values[j] = mean[j] + 0.8 * std[j] * random.nextGaussian();
        }
        int sensor = device % values.length;
        if (event >= 400) {
            switch (device % 4) {
                case 1 -> values[sensor] += (event % 50 < 5 ? 10 : 0) * std[sensor];
                case 2 -> values[sensor] += 0.05 * (event - 400) * std[sensor];
                case 3 -> values[sensor] = mean[sensor] + 6 * std[sensor];
                default -> { }
            }
        }
        return values;
    }

    /**
     * The deferred record borrows the scorer's forest input until the scorer's next event: events
     * read later (as after waiting in the LSTM operator's batch, while later events were scored)
     * still get the contributions of their own input, and a discarded event's are an error, not
     * another event's.
     */
    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({"telemetry, FLEET", "industrial, DEVICE"})
    void contributionsReadAfterLaterEventsAreTheirOwn(String name, MahalanobisMode mode) {
        ModelBundle shipped = BundleLoader.load(BundleLoader.defaultLocation(name)).withoutLstm();
        ModelBundle bundle = shipped.withMahalanobisSettings(shipped.mahalanobisSettings().withMode(mode));
        DeviceScorer eager = new DeviceScorer(bundle);
        DeviceScorer deferred = new DeviceScorer(bundle).deferAttribution();
        InMemoryDeviceState[] eagerDevices = new InMemoryDeviceState[DEVICES];
        InMemoryDeviceState[] deferredDevices = new InMemoryDeviceState[DEVICES];
        for (int d = 0; d < DEVICES; d++) {
            eagerDevices[d] = eager.newDevice();
            deferredDevices[d] = deferred.newDevice();
        }
        double[] mean = bundle.scaler().mean();
        double[] std = bundle.scaler().std();
        Random random = new Random(name.hashCode());
        long ts = 1_767_225_600_000L;
        java.util.List<ScoredEvent> eagerHeld = new java.util.ArrayList<>();
        java.util.List<ScoredEvent> deferredHeld = new java.util.ArrayList<>();
        int compared = 0;
        for (int i = 0; i < EVENTS; i++) {
            ts += 1000;
            for (int d = 0; d < DEVICES; d++) {
                double[] values = reading(random, mean, std, d, i);
                ScoredEvent a = eager.score(eagerDevices[d], new SensorEvent("dev-" + d, ts, values.clone(), 0, null));
                ScoredEvent b = deferred.score(deferredDevices[d], new SensorEvent("dev-" + d, ts, values.clone(), 0, null));
                if (a.warmingUp) {
                    continue;
                }
                switch (random.nextInt(4)) {
                    case 0 -> { // read at once, before the next event
                        assertThat(bits(b.contributions())).isEqualTo(bits(a.sensorContributions));
                        compared++;
                    }
                    case 1 -> { // discarded: never copied, never read
                        b.discardContributions();
                        assertThatThrownBy(b::contributions).isInstanceOf(IllegalStateException.class);
                    }
                    default -> { // read after later events were scored
                        eagerHeld.add(a);
                        deferredHeld.add(b);
                    }
                }
            }
            if (random.nextInt(10) == 0 || i == EVENTS - 1) {
                for (int k = 0; k < deferredHeld.size(); k++) {
                    assertThat(bits(deferredHeld.get(k).contributions())).as("held event %d", k)
                            .isEqualTo(bits(eagerHeld.get(k).sensorContributions));
                    compared++;
                }
                eagerHeld.clear();
                deferredHeld.clear();
            }
        }
        assertThat(compared).isGreaterThan(EVENTS);
    }

    private static void assertSameState(CusumState actual, CusumState expected) {
        assertThat(bits(actual.cusum)).isEqualTo(bits(expected.cusum));
        assertThat(bits(actual.severityEwma)).isEqualTo(bits(expected.severityEwma));
        assertThat(actual.alertOpen).isEqualTo(expected.alertOpen);
        assertThat(actual.lastEmittedTopSensor).isEqualTo(expected.lastEmittedTopSensor);
        assertThat(bits(actual.sensorContributionTotals)).isEqualTo(bits(expected.sensorContributionTotals));
    }

    private static long bits(double value) {
        return Double.doubleToRawLongBits(value);
    }

    private static long[] bits(double[] values) {
        long[] bits = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = bits(values[i]);
        }
        return bits;
    }
}
