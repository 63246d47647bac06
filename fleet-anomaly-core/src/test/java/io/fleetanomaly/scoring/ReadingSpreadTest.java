package io.fleetanomaly.scoring;

import static io.fleetanomaly.scoring.ServiceWeekdays.BASE;
import static io.fleetanomaly.scoring.ServiceWeekdays.DAY;
import static io.fleetanomaly.scoring.ServiceWeekdays.DAYS;
import static io.fleetanomaly.scoring.ServiceWeekdays.LOAD;
import static io.fleetanomaly.scoring.ServiceWeekdays.MONDAY;
import static io.fleetanomaly.scoring.ServiceWeekdays.NOISE;
import static io.fleetanomaly.scoring.ServiceWeekdays.PHI;
import static io.fleetanomaly.scoring.ServiceWeekdays.STEP_MS;
import static io.fleetanomaly.scoring.ServiceWeekdays.daily;
import static io.fleetanomaly.scoring.ServiceWeekdays.normalDays;
import static io.fleetanomaly.scoring.ServiceWeekdays.percentile;
import static io.fleetanomaly.scoring.ServiceWeekdays.rawMahalanobis;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetanomaly.alerting.CusumDetector;
import io.fleetanomaly.bundle.BundleLoader;
import io.fleetanomaly.bundle.MahalanobisSettings;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.detectors.mahalanobis.ReadingSpread;
import io.fleetanomaly.events.ScoredEvent;
import io.fleetanomaly.events.SensorEvent;
import io.fleetanomaly.state.CusumState;
import io.fleetanomaly.training.BundleTrainer;
import io.fleetanomaly.training.TrainingData;
import io.fleetanomaly.training.TrainingSettings;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The device reading model's spread ({@link ReadingSpread}) through the job's own scorer and CUSUM: a
 * four-metric weekday service (the simulator's service model: daily cycle, autocorrelated noise,
 * temperature's at 0.9; weekdays only, so the bundle's weekly prior is neutral) whose one metric
 * shifts by 6–7 of its noise σ (the simulated service faults draw 6–9) for eight hours on day 3.
 */
class ReadingSpreadTest {
    private static final List<String> FEATURES = List.of("cpu_pct", "requests_per_s", "latency_ms", "temperature_c");
    private static final int TEMPERATURE = 3;
    private static final int SHIFT_START = 3 * DAY + 96; // day 3, 08:00
    private static final int SHIFT_END = SHIFT_START + 96; // 16:00

    @Test
    void aSlowSensorsLevelShiftStandsOutOnMoreDevicesWithThePredictiveSpreadThanWithTheLongRunOne() {
        ModelBundle shipped = BundleLoader.load(BundleLoader.defaultLocation("service"));
        assertThat(shipped.mahalanobisSettings().readingSpread()).isEqualTo(ReadingSpread.LONG_RUN);
        ModelBundle predictive = withReadingSpread(shipped, ReadingSpread.PREDICTIVE);
        int standsOutLongRun = 0;
        int standsOutPredictive = 0;
        int devices = 12;
        for (int seed = 0; seed < devices; seed++) {
            // a 7 σ shift of temperature (noise autocorrelation 0.9), up and down in turn
            double[][] readings = service(new Random(100 + seed), 0.45, TEMPERATURE, (seed % 2 == 0 ? 1 : -1) * 7.0);
            standsOutLongRun += standsOut(rawMahalanobis(shipped, readings)) ? 1 : 0;
            standsOutPredictive += standsOut(rawMahalanobis(predictive, readings)) ? 1 : 0;
        }
        assertThat(standsOutPredictive).as("predictive: devices whose shift stands out").isGreaterThanOrEqualTo(devices - 2);
        assertThat(standsOutLongRun).as("long-run: devices whose shift stands out").isLessThan(standsOutPredictive);
    }

    @Test
    void aLevelShiftOnEachKindOfSensorOpensAnAlertThatNamesItAndNormalDevicesStayQuiet() {
        ModelBundle shipped = BundleLoader.load(BundleLoader.defaultLocation("service"));
        ModelBundle predictive = train(shipped.mahalanobisSettings().withReadingSpread(ReadingSpread.PREDICTIVE), shipped);
        ModelBundle longRun = train(shipped.mahalanobisSettings(), shipped);
        assertThat(predictive.mahalanobisSettings().readingSpread()).isEqualTo(ReadingSpread.PREDICTIVE);
        int shifts = 8;
        for (int sensor = 0; sensor < FEATURES.size(); sensor++) {
            int namedPredictive = 0;
            int namedLongRun = 0;
            double coveredPredictive = 0;
            double coveredLongRun = 0;
            for (int k = 0; k < shifts; k++) {
                // 6 σ, the smallest shift the simulator draws, up and down in turn
                double[][] readings = service(new Random(200 + 10 * sensor + k), 0.45, sensor, (k % 2 == 0 ? 1 : -1) * 6.0);
                Replay withPredictive = replay(predictive, readings);
                Replay withLongRun = replay(longRun, readings);
                namedPredictive += withPredictive.openedWithinAnHourNaming(sensor) ? 1 : 0;
                namedLongRun += withLongRun.openedWithinAnHourNaming(sensor) ? 1 : 0;
                coveredPredictive += withPredictive.openDuring(SHIFT_START, SHIFT_END) / shifts;
                coveredLongRun += withLongRun.openDuring(SHIFT_START, SHIFT_END) / shifts;
            }
            String name = FEATURES.get(sensor);
            assertThat(namedPredictive).as("%s: shifts whose alert opened within an hour, led by it", name)
                    .isGreaterThanOrEqualTo(shifts - 1);
            if (sensor == TEMPERATURE) {
                assertThat(namedLongRun).as("temperature, long-run spread: shifts alerted within an hour").isLessThan(namedPredictive);
                assertThat(coveredPredictive).as("temperature: mean share of the shift under an open alert")
                        .isGreaterThanOrEqualTo(0.75).isGreaterThan(coveredLongRun + 0.1);
            }
        }
        for (int device = 0; device < 8; device++) {
            double[][] readings = service(new Random(300 + device), 0.3 + 0.04 * device, -1, 0.0);
            assertThat(replay(predictive, readings).opened(DAY, DAYS * DAY)).as("normal device %d: alerts opened after its warm-up", device)
                    .isZero();
        }
    }

    /** Whether nine in ten of the shift's d² lie beyond the normal days' 99.9th percentile. */
    private static boolean standsOut(double[] d2) {
        return percentileOf(d2, 10, SHIFT_START + 2, SHIFT_END) > percentile(normalDays(d2), 99.9);
    }

    private static ModelBundle withReadingSpread(ModelBundle bundle, ReadingSpread spread) {
        return bundle.withMahalanobisSettings(bundle.mahalanobisSettings().withReadingSpread(spread));
    }

    /** Percentile p of values[from, to). */
    private static double percentileOf(double[] values, double p, int from, int to) {
        return percentile(Arrays.copyOfRange(values, from, to), p);
    }

    /** A bundle trained with these settings and the shipped service bundle's window, weights and alerting on normal weekday services. */
    private static ModelBundle train(MahalanobisSettings settings, ModelBundle shipped) {
        TrainingData data = new TrainingData(FEATURES);
        for (int device = 0; device < 16; device++) {
            double[][] rows = service(new Random(device), 0.3 + 0.02 * device, -1, 0.0);
            for (int i = 0; i < rows.length; i++) {
                data.add("train-" + device, MONDAY + i * STEP_MS, rows[i]);
            }
        }
        TrainingSettings training = TrainingSettings.builder("reading-spread-test")
                .window(shipped.window())
                .numTrees(20)
                .mahalanobis(settings)
                .weights(0.0, 1.0)
                .alertSettings(shipped.alertSettings())
                .build();
        return new BundleTrainer(training).train(data);
    }

    /** What the scorer and the bundle's CUSUM made of one device's readings, event by event. */
    private record Replay(boolean[] open, int[] lead, boolean[] opened) {
        double openDuring(int from, int to) {
            int n = 0;
            for (int i = from; i < to; i++) {
                n += open[i] ? 1 : 0;
            }
            return (double) n / (to - from);
        }

        /** Events from {@code from} to the first under an open alert; -1 when none is. */
        int firstOpen(int from) {
            for (int i = from; i < open.length; i++) {
                if (open[i]) {
                    return i - from;
                }
            }
            return -1;
        }

        /** Whether an alert opened within the shift's first hour and was led by this sensor an hour in. */
        boolean openedWithinAnHourNaming(int sensor) {
            int first = firstOpen(SHIFT_START);
            return first >= 0 && first < 12 && lead[SHIFT_START + 12] == sensor;
        }

        int opened(int from, int to) {
            int n = 0;
            for (int i = from; i < to; i++) {
                n += opened[i] ? 1 : 0;
            }
            return n;
        }
    }

    private static Replay replay(ModelBundle bundle, double[][] readings) {
        DeviceScorer scorer = new DeviceScorer(bundle);
        InMemoryDeviceState device = scorer.newDevice();
        CusumDetector detector = new CusumDetector(bundle.alertSettings(), FEATURES.size());
        CusumState state = detector.newState();
        boolean[] open = new boolean[readings.length];
        int[] lead = new int[readings.length];
        boolean[] opened = new boolean[readings.length];
        Arrays.fill(lead, -1);
        for (int i = 0; i < readings.length; i++) {
            long ts = MONDAY + i * STEP_MS;
            ScoredEvent event = scorer.score(device, new SensorEvent("svc-1", ts, readings[i], 0, null));
            if (event.warmingUp) {
                continue;
            }
            boolean wasOpen = state.alertOpen;
            detector.observe(state, ts, event.fusedScore, event.belowNormalMask, event.contributions());
            open[i] = state.alertOpen;
            opened[i] = state.alertOpen && !wasOpen;
            if (state.alertOpen) {
                double[] totals = state.sensorContributionTotals;
                int top = 0;
                for (int j = 1; j < totals.length; j++) {
                    top = totals[j] > totals[top] ? j : top;
                }
                lead[i] = top;
            }
        }
        return new Replay(open, lead, opened);
    }

    /**
     * Five weekdays of a four-metric service with daily amplitude {@code amplitude} and a base level per
     * metric drawn around the simulator's; with {@code shifted} ≥ 0, that metric's level moves by
     * {@code sigmas} of its noise σ from 08:00 to 16:00 on day 3.
     */
    private static double[][] service(Random random, double amplitude, int shifted, double sigmas) {
        double[] base = new double[4];
        for (int m = 0; m < 4; m++) {
            base[m] = BASE[m] * (0.7 + 0.6 * random.nextDouble());
        }
        double[][] out = new double[DAYS * DAY][4];
        double[] noise = new double[4];
        for (int i = 0; i < out.length; i++) {
            double load = 1 + amplitude * daily(i);
            for (int m = 0; m < 4; m++) {
                noise[m] = PHI[m] * noise[m] + Math.sqrt(1 - PHI[m] * PHI[m]) * random.nextGaussian();
                double sigma = NOISE[m] * base[m];
                double value = base[m] * (1 + LOAD[m] * (load - 1)) + sigma * noise[m];
                if (m == shifted && i >= SHIFT_START && i < SHIFT_END) {
                    value += sigmas * sigma;
                }
                out[i][m] = Math.round(Math.max(0, value) * 100) / 100.0;
            }
        }
        return out;
    }
}
