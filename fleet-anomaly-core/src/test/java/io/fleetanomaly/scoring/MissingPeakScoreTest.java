package io.fleetanomaly.scoring;

import static io.fleetanomaly.scoring.ServiceWeekdays.BASE;
import static io.fleetanomaly.scoring.ServiceWeekdays.DAY;
import static io.fleetanomaly.scoring.ServiceWeekdays.DAYS;
import static io.fleetanomaly.scoring.ServiceWeekdays.LOAD;
import static io.fleetanomaly.scoring.ServiceWeekdays.NOISE;
import static io.fleetanomaly.scoring.ServiceWeekdays.PHI;
import static io.fleetanomaly.scoring.ServiceWeekdays.daily;
import static io.fleetanomaly.scoring.ServiceWeekdays.normalDays;
import static io.fleetanomaly.scoring.ServiceWeekdays.percentile;
import static io.fleetanomaly.scoring.ServiceWeekdays.rawMahalanobis;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetanomaly.bundle.BundleLoader;
import io.fleetanomaly.bundle.ModelBundle;
import java.util.Arrays;
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
    /** Not sent: a three-metric service (cpu, latency, temperature), whose level follows a missing peak. */
    private static final int REQUESTS = 1;

    @Test
    void aDayWithoutItsPeakScoresWithTheScoreAndNotWithoutIt() {
        ModelBundle shipped = BundleLoader.load(BundleLoader.defaultLocation("service"));
        ModelBundle unscored = shipped.withMahalanobisSettings(shipped.mahalanobisSettings().withMissingPeakScore(false));
        ModelBundle scored = shipped.withMahalanobisSettings(shipped.mahalanobisSettings().withMissingPeakScore(true));
        double[][] readings = service(7);
        double[] without = rawMahalanobis(unscored, readings);
        double[] with = rawMahalanobis(scored, readings);

        double normalWithout = percentile(normalDays(without), 99.9);
        double normalWith = percentile(normalDays(with), 99.9);
        // the afternoon the peak should have been there (12:00-17:00)
        double[] peakWithout = Arrays.copyOfRange(without, DROPPED_DAY * DAY + 144, DROPPED_DAY * DAY + 204);
        double[] peakWith = Arrays.copyOfRange(with, DROPPED_DAY * DAY + 144, DROPPED_DAY * DAY + 204);
        assertThat(percentile(peakWithout, 50)).as("without: the afternoon's median d² is within normal")
                .isLessThan(normalWithout);
        assertThat(percentile(peakWith, 50)).as("with: the afternoon's median d² is beyond twice normal's 99.9th percentile")
                .isGreaterThan(2 * normalWith);
        assertThat(normalWith).as("normal days: the 99.9th percentile of d² barely moves").isLessThan(1.25 * normalWithout);
    }

    /** Five weekdays of a four-metric service; on day 3 the daily cycle stays at or below its mean. */
    private static double[][] service(long seed) {
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
                out[i][m] = m == REQUESTS ? Double.NaN : Math.round(Math.max(0, value) * 100) / 100.0;
            }
        }
        return out;
    }
}
