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

import io.fleetanomaly.bundle.BundleLoader;
import io.fleetanomaly.bundle.MahalanobisSettings;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.events.ScoredEvent;
import io.fleetanomaly.events.SensorEvent;
import io.fleetanomaly.features.VarianceChange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The missing-peak score through the job's own scorer: a three-metric service (the simulator's service
 * model: cpu, latency and temperature, a daily cycle of amplitude 0.3 peaking at 14:00, autocorrelated
 * noise; weekdays only, so the bundle's weekly prior is neutral) scored with the shipped service bundle, with and without
 * {@code withMissingPeakScore(true)}. On day 3 the load's daily peak does not come (the simulator's
 * dropped peak: the load stays at its daily mean where it would have risen above it).
 */
class MissingPeakScoreTest {
    private static final int DROPPED_DAY = 3;
    private static final int CPU = 0;
    private static final int TEMPERATURE = 3;
    /** Not sent: a three-metric service (cpu, latency, temperature), whose level follows a missing peak. */
    private static final boolean[] THREE_METRICS = {true, false, true, true};
    private static final boolean[] TEMPERATURE_ONLY = {false, false, false, true};
    /** The sensor gate of these tests: between a cpu's noise autocorrelation (0.5) and a temperature's (0.9). */
    private static final double GATE = 0.7;
    /** The afternoon the peak should have been there (12:00-17:00). */
    private static final int AFTERNOON_START = DROPPED_DAY * DAY + 144;
    private static final int AFTERNOON_END = DROPPED_DAY * DAY + 204;

    @Test
    void aDayWithoutItsPeakScoresWithTheScoreAndNotWithoutIt() {
        ModelBundle shipped = BundleLoader.load(BundleLoader.defaultLocation("service"));
        ModelBundle unscored = shipped.withMahalanobisSettings(shipped.mahalanobisSettings().withMissingPeakScore(false));
        ModelBundle scored = shipped.withMahalanobisSettings(shipped.mahalanobisSettings().withMissingPeakScore(true)
                .withMissingPeakMaxAutocorrelation(MahalanobisSettings.EVERY_SENSOR));
        double[][] readings = service(7, THREE_METRICS);
        double[] without = rawMahalanobis(unscored, readings);
        double[] with = rawMahalanobis(scored, readings);

        double normalWithout = percentile(normalDays(without), 99.9);
        double normalWith = percentile(normalDays(with), 99.9);
        // the afternoon the peak should have been there (12:00-17:00)
        double[] peakWithout = Arrays.copyOfRange(without, AFTERNOON_START, AFTERNOON_END);
        double[] peakWith = Arrays.copyOfRange(with, AFTERNOON_START, AFTERNOON_END);
        assertThat(percentile(peakWithout, 50)).as("without: the afternoon's median d² is within normal")
                .isLessThan(normalWithout);
        assertThat(percentile(peakWith, 50)).as("with: the afternoon's median d² is beyond twice normal's 99.9th percentile")
                .isGreaterThan(2 * normalWith);
        assertThat(normalWith).as("normal days: the 99.9th percentile of d² barely moves").isLessThan(1.25 * normalWithout);
    }

    /**
     * With the sensor gate (and without the variance statistic, so the gate's own difference spreads are
     * what decides): the cpu, whose noise is not slow, still scores the missing peak and is the sensor named,
     * and the temperature, estimated slow from the warm-up, is left out.
     */
    @Test
    void withTheGateADroppedPeakOnTheCpuScoresAndTheCpuIsNamed() {
        ModelBundle shipped = BundleLoader.load(BundleLoader.defaultLocation("service"));
        MahalanobisSettings plain = shipped.mahalanobisSettings().withVarianceChange(0);
        ModelBundle unscored = shipped.withMahalanobisSettings(plain.withMissingPeakScore(false));
        ModelBundle gated = shipped.withMahalanobisSettings(
                plain.withMissingPeakScore(true).withMissingPeakMaxAutocorrelation(GATE));
        double[][] readings = service(7, THREE_METRICS);
        double normalWithout = percentile(normalDays(rawMahalanobis(unscored, readings)), 99.9);

        DeviceScorer scorer = new DeviceScorer(gated);
        InMemoryDeviceState device = scorer.newDevice();
        double[] raw = new double[2];
        double[] scores = new double[readings.length];
        List<Integer> leadWhereScored = new ArrayList<>();
        for (int i = 0; i < readings.length; i++) {
            boolean warm = scorer.rawScores(device, MONDAY + i * STEP_MS, readings[i], raw);
            scores[i] = warm ? raw[DeviceScorer.MAHALANOBIS_INDEX] : Double.NaN;
        }
        DeviceScorer naming = new DeviceScorer(gated);
        InMemoryDeviceState named = naming.newDevice();
        for (int i = 0; i < readings.length; i++) {
            ScoredEvent event = naming.score(named, new SensorEvent("svc-1", MONDAY + i * STEP_MS, readings[i], 0, null));
            if (i >= AFTERNOON_START && i < AFTERNOON_END && scores[i] > 2 * normalWithout) {
                leadWhereScored.add(lead(event.contributions()));
            }
        }

        double[] spreads = device.models().differenceSpread;
        assertThat(VarianceChange.lagOneAutocorrelation(spreads[CPU])).as("cpu: AR(0.5) noise").isBetween(0.3, 0.65);
        assertThat(VarianceChange.lagOneAutocorrelation(spreads[TEMPERATURE])).as("temperature: AR(0.9) noise")
                .isGreaterThan(0.75);
        double[] afternoon = Arrays.copyOfRange(scores, AFTERNOON_START, AFTERNOON_END);
        assertThat(percentile(afternoon, 50)).as("the afternoon's median d² is beyond twice normal's 99.9th percentile")
                .isGreaterThan(2 * normalWithout);
        assertThat(percentile(normalDays(scores), 99.9)).as("normal days: the 99.9th percentile barely moves")
                .isLessThan(1.25 * normalWithout);
        assertThat(leadWhereScored).as("the sensor named where it scores").isNotEmpty().containsOnly(CPU);
    }

    /**
     * A slow temperature-like sensor alone (AR(0.9) noise, the level wandering with it): without the gate
     * the missing-peak score acts on it; with the gate it is left out, so every event scores exactly as
     * without the score.
     */
    @Test
    void withTheGateASlowSensorDoesNotScore() {
        ModelBundle shipped = BundleLoader.load(BundleLoader.defaultLocation("service"));
        MahalanobisSettings plain = shipped.mahalanobisSettings().withVarianceChange(0);
        ModelBundle unscored = shipped.withMahalanobisSettings(plain.withMissingPeakScore(false));
        ModelBundle everySensor = shipped.withMahalanobisSettings(
                plain.withMissingPeakScore(true).withMissingPeakMaxAutocorrelation(MahalanobisSettings.EVERY_SENSOR));
        ModelBundle gated = shipped.withMahalanobisSettings(
                plain.withMissingPeakScore(true).withMissingPeakMaxAutocorrelation(GATE));
        double[][] readings = service(7, TEMPERATURE_ONLY);
        double[] without = rawMahalanobis(unscored, readings);
        double[] ungated = rawMahalanobis(everySensor, readings);
        double[] withGate = rawMahalanobis(gated, readings);

        assertThat(Arrays.equals(ungated, without)).as("without the gate the score acts on the temperature").isFalse();
        assertThat(withGate).as("with the gate: exactly the scores without the missing-peak score").containsExactly(without);
    }

    /**
     * A device whose fitted models carry no difference spreads (state written before the gate, by a bundle
     * without the variance statistic) gets no missing-peak score from a gated bundle: it scores exactly as
     * without the score, where the same device with its spreads scores the dropped peak.
     */
    @Test
    void withTheGateADeviceWithoutDifferenceSpreadsGetsNoMissingPeakScore() {
        ModelBundle shipped = BundleLoader.load(BundleLoader.defaultLocation("service"));
        MahalanobisSettings plain = shipped.mahalanobisSettings().withVarianceChange(0);
        ModelBundle unscored = shipped.withMahalanobisSettings(plain.withMissingPeakScore(false));
        ModelBundle gated = shipped.withMahalanobisSettings(
                plain.withMissingPeakScore(true).withMissingPeakMaxAutocorrelation(GATE));
        double[][] readings = service(7, THREE_METRICS);
        double[] without = rawMahalanobis(unscored, readings);
        double[] withSpreads = rawMahalanobis(gated, readings);

        DeviceScorer scorer = new DeviceScorer(gated);
        InMemoryDeviceState device = scorer.newDevice();
        double[] raw = new double[2];
        double[] oldState = new double[readings.length];
        for (int i = 0; i < readings.length; i++) {
            boolean warm = scorer.rawScores(device, MONDAY + i * STEP_MS, readings[i], raw);
            oldState[i] = warm ? raw[DeviceScorer.MAHALANOBIS_INDEX] : Double.NaN;
            if (device.models() != null) {
                device.models().differenceSpread = null;
            }
        }

        assertThat(Arrays.equals(withSpreads, without)).as("with its spreads the device scores the missing peak").isFalse();
        assertThat(oldState).as("without them: exactly the scores without the missing-peak score").containsExactly(without);
    }

    private static int lead(double[] contributions) {
        int lead = 0;
        for (int j = 1; j < contributions.length; j++) {
            lead = contributions[j] > contributions[lead] ? j : lead;
        }
        return lead;
    }

    /** Five weekdays of a service sending the metrics asked for; on day 3 the daily cycle stays at or below its mean. */
    private static double[][] service(long seed, boolean[] sends) {
        Random random = new Random(seed);
        double[][] out = new double[DAYS * DAY][4];
        double[] noise = new double[4];
        for (int i = 0; i < out.length; i++) {
            double daily = daily(i);
            if (i / DAY == DROPPED_DAY) {
                daily = Math.min(daily, 0.0);
            }
            double load = 1 + 0.3 * daily;
            for (int m = 0; m < 4; m++) {
                noise[m] = PHI[m] * noise[m] + Math.sqrt(1 - PHI[m] * PHI[m]) * random.nextGaussian();
                double value = BASE[m] * (1 + LOAD[m] * (load - 1)) + NOISE[m] * BASE[m] * noise[m];
                out[i][m] = sends[m] ? Math.round(Math.max(0, value) * 100) / 100.0 : Double.NaN;
            }
        }
        return out;
    }
}
