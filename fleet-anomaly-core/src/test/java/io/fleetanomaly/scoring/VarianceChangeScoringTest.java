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
 * The variance statistic through the job's own scorer: a four-metric service (the simulator's service
 * model: daily cycle, autocorrelated noise; weekdays only, so the bundle's weekly prior is neutral)
 * scored with the shipped service bundle's models, without the statistic ({@code withVarianceChange(0)}) and with {@code withVarianceChange(24)}. Its
 * latency's noise grows fourfold for six hours on day 3.
 */
class VarianceChangeScoringTest {
    private static final int LATENCY = 2;
    private static final int FAULT_START = 3 * DAY + 120; // day 3, 10:00
    private static final int FAULT_END = FAULT_START + 72; // 16:00

    @Test
    void aFourfoldNoiseOnOneMetricScoresWithTheStatisticAndNotWithoutIt() {
        ModelBundle shipped = BundleLoader.load(BundleLoader.defaultLocation("service"));
        ModelBundle withoutVariance = shipped.withMahalanobisSettings(shipped.mahalanobisSettings().withVarianceChange(0));
        ModelBundle withVariance = shipped.withMahalanobisSettings(shipped.mahalanobisSettings().withVarianceChange(24));
        double[][] readings = service(7, 4.0);
        double[] without = rawMahalanobis(withoutVariance, readings);
        double[] with = rawMahalanobis(withVariance, readings);

        double normalWithout = percentile(normalDays(without), 99.9);
        double normalWith = percentile(normalDays(with), 99.9);
        // after the statistic's first K events in the fault
        double[] faultWithout = Arrays.copyOfRange(without, FAULT_START + 24, FAULT_END);
        double[] faultWith = Arrays.copyOfRange(with, FAULT_START + 24, FAULT_END);
        assertThat(percentile(faultWithout, 50)).as("without: the fault's median d² is within normal")
                .isLessThan(normalWithout);
        assertThat(percentile(faultWith, 10)).as("with: nine in ten of the fault's events beyond normal's 99.9th percentile")
                .isGreaterThan(2 * normalWith);
        assertThat(normalWith).as("normal days: the 99.9th percentile of d² barely moves")
                .isLessThan(1.25 * normalWithout);
    }

    @Test
    void theAlertNamesTheSensorWhoseNoiseGrew() {
        ModelBundle shipped = BundleLoader.load(BundleLoader.defaultLocation("service"));
        ModelBundle withVariance = shipped.withMahalanobisSettings(shipped.mahalanobisSettings().withVarianceChange(24));
        double[][] readings = service(11, 4.0);
        DeviceScorer scorer = new DeviceScorer(withVariance);
        InMemoryDeviceState device = scorer.newDevice();
        List<Integer> leadInFault = new ArrayList<>();
        for (int i = 0; i < readings.length; i++) {
            ScoredEvent event = scorer.score(device, new SensorEvent("svc-1", MONDAY + i * STEP_MS, readings[i], 0, null));
            if (i >= FAULT_START + 24 && i < FAULT_END) {
                double[] contributions = event.contributions();
                int lead = 0;
                for (int j = 1; j < contributions.length; j++) {
                    lead = contributions[j] > contributions[lead] ? j : lead;
                }
                leadInFault.add(lead);
            }
        }
        assertThat(leadInFault).containsOnly(LATENCY);
    }

    @Test
    void normalNoiseKeepsTheStatisticNearZero() {
        VarianceChange statistic = new VarianceChange(24, 287);
        Random random = new Random(3);
        int n = 20_000;
        double[] spreads = {Math.sqrt(2)};
        double[] ewma = VarianceChange.newState(1);
        double[] terms = new double[1];
        double[] previous = {0};
        double[] reading = new double[1];
        int beyond = 0;
        double sumOfLogs = 0;
        for (int i = 0; i < n; i++) {
            reading[0] = random.nextGaussian();
            double d2 = statistic.advance(ewma, reading, previous, 0L, spreads, terms);
            beyond += d2 > 9 ? 1 : 0;
            sumOfLogs += Math.log(ewma[0] / VarianceChange.NORMAL_MEAN);
            previous[0] = reading[0];
        }
        assertThat(sumOfLogs / n).as("mean log ratio").isBetween(-0.05, 0.05);
        assertThat((double) beyond / n).as("share of events with u > 3").isLessThan(0.01);
        // a sensor without a spread (constant in its warm-up) and an imputed reading add nothing
        assertThat(statistic.advance(new double[] {5.0, VarianceChange.NORMAL_MEAN}, reading, previous, 0L,
                new double[] {0.0}, terms)).isZero();
        double[] held = VarianceChange.newState(1);
        statistic.advance(held, new double[] {50.0}, new double[] {0.0}, 1L, spreads, terms);
        assertThat(held).containsOnly(VarianceChange.NORMAL_MEAN);
    }

    /** Five weekdays of a four-metric service; the latency's noise is {@code factor} times larger during the fault. */
    private static double[][] service(long seed, double factor) {
        Random random = new Random(seed);
        double[][] out = new double[DAYS * DAY][4];
        double[] noise = new double[4];
        for (int i = 0; i < out.length; i++) {
            double daily = daily(i);
            double load = 1 + 0.45 * daily;
            for (int m = 0; m < 4; m++) {
                noise[m] = PHI[m] * noise[m] + Math.sqrt(1 - PHI[m] * PHI[m]) * random.nextGaussian();
                double grown = m == LATENCY && i >= FAULT_START && i < FAULT_END ? factor : 1.0;
                double value = BASE[m] * (1 + LOAD[m] * (load - 1)) + grown * NOISE[m] * BASE[m] * noise[m];
                out[i][m] = Math.round(Math.max(0, value) * 100) / 100.0;
            }
        }
        return out;
    }
}
