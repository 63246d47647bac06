package io.fleetanomaly.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fleet's weekly prior: learned from a training fleet whose load falls at the week-end, it lets a
 * device with one metric, whose one-day warm-up saw no week-end, pass its first week-end without
 * standing out, while a level shift during the week-end still does; a fleet without a weekly
 * pattern learns a neutral prior. Devices report every 5 minutes from Thursday 2026-01-01 00:00 UTC;
 * raw readings are used as the fleet-scaled ones (a raw 0 is 0).
 */
class WeeklyPriorTest {
    private static final long DAY_MS = 86_400_000L;
    private static final long STEP_MS = 300_000L;
    private static final int PER_DAY = 288;
    private static final int HOUR = 12;
    /** 2026-01-01 00:00 UTC, a Thursday. */
    private static final long START = 1_767_225_600_000L;
    private static final double NOISE = 0.02;
    private static final double AMPLITUDE = 0.5;
    private static final int LEVEL_EVENTS = 6;
    private static final int REFERENCE_EVENTS = 288;
    /** The load's week-end fall, as the service simulator draws it (10–25%). */
    private static final double DIP = 0.25;

    /** 1 on Saturday and Sunday, 0 on weekdays, with a two-hour ramp into and out of them (Friday 22:00, Sunday 22:00). */
    private static double weekend(int i) {
        double day = (i / (double) PER_DAY + 3) % 7; // Monday = 0; the start is a Thursday
        double ramp = 2.0 / 24;
        if (day < 5 - ramp) {
            return 0;
        }
        if (day < 5) {
            return (day - (5 - ramp)) / ramp;
        }
        return day > 7 - ramp ? (7 - day) / ramp : 1;
    }

    /** One metric of a service: its base × the load (daily cycle, afternoon peak, times 1 − dip at week-ends) plus noise. */
    private static double reading(int i, double base, double dip, Random random) {
        double angle = 2 * Math.PI * ((i % PER_DAY) - 180) / PER_DAY;
        double daily = (Math.cos(angle) + 0.3 * Math.cos(2 * angle)) / 1.3;
        double load = (1 + AMPLITUDE * daily) * (1 - dip * weekend(i));
        return base * (load + NOISE * random.nextGaussian());
    }

    /** Learns a one-sensor prior from 20 devices of 6 days (Thursday to Tuesday), their week-end falls around {@code dip}. */
    private static WeeklyPrior learned(double dip) {
        Random random = new Random(5);
        List<long[]> ts = new ArrayList<>();
        List<double[][]> rows = new ArrayList<>();
        for (int d = 0; d < 20; d++) {
            double base = 10 + 90 * random.nextDouble();
            double deviceDip = dip == 0 ? 0 : dip + 0.05 * (random.nextDouble() - 0.5);
            long offset = d * 7_500L;
            long[] t = new long[6 * PER_DAY];
            double[][] x = new double[t.length][1];
            for (int i = 0; i < t.length; i++) {
                t[i] = START + offset + i * STEP_MS;
                x[i][0] = random.nextInt(50) == 0 ? Double.NaN : reading(i, base, deviceDip, random);
            }
            ts.add(t);
            rows.add(x);
        }
        return WeeklyPrior.learn(ts, rows, new double[] {0.0}, PER_DAY, DAY_MS, 3);
    }

    /**
     * A new one-metric device, warmed up on its first day (Thursday), then scored through Friday,
     * the week-end and Monday; a shift of {@code shift} noise σ on [from, to). Returns each event's z.
     */
    private static double[] scoreAWeekEnd(WeeklyPrior prior, int from, int to, double shift) {
        Random random = new Random(17);
        double base = 40;
        long[] ts = new long[PER_DAY];
        double[][] warmup = new double[PER_DAY][1];
        for (int i = 0; i < PER_DAY; i++) {
            ts[i] = START + i * STEP_MS;
            warmup[i][0] = reading(i, base, DIP, random);
        }
        DeviceScaler scaler = DeviceScaler.fit(ts, warmup, DAY_MS, 3, LEVEL_EVENTS, DeviceSpread.ROBUST, REFERENCE_EVENTS, prior);
        double[] level = scaler.newLevel();
        double[] season = new double[1];
        double[] scratch = new double[1];
        double[] z = new double[4 * PER_DAY];
        for (int k = 0; k < z.length; k++) {
            int i = PER_DAY + k;
            long t = START + i * STEP_MS;
            double[] x = {reading(i, base, DIP, random) + (k >= from && k < to ? shift * NOISE * base : 0)};
            scaler.seasonAt(t, season);
            scaler.standardise(x, season, level, scratch);
            z[k] = x[0];
        }
        return z;
    }

    private static double maxAbs(double[] z, int from, int to) {
        double max = 0;
        for (int k = from; k < to; k++) {
            max = Math.max(max, Math.abs(z[k]));
        }
        return max;
    }

    @Test
    void learnsTheWeekEndsGainAndItsRampsAndOneOnWeekdays() {
        WeeklyPrior prior = learned(DIP);
        long saturdayNoon = START + 2 * DAY_MS + DAY_MS / 2;
        assertThat(prior.gain(0, saturdayNoon)).isBetween(1 - DIP - 0.03, 1 - DIP + 0.03);
        assertThat(prior.gain(0, START + DAY_MS + 12 * 3_600_000L)).isEqualTo(1.0); // Friday noon
        assertThat(prior.gain(0, START + 4 * DAY_MS + 12 * 3_600_000L)).isEqualTo(1.0); // Monday noon
        // Friday 23:00, in the ramp: between the two
        double ramp = prior.gain(0, START + 2 * DAY_MS - 3_600_000L);
        assertThat(ramp).isBetween(1 - DIP + 0.03, 0.97);
        // Wednesday (not in the training data): interpolated between Tuesday's and Thursday's, neutral here
        assertThat(prior.gain(0, START + 6 * DAY_MS + 12 * 3_600_000L)).isEqualTo(1.0);
    }

    @Test
    void aFleetWithoutAWeeklyPatternLearnsANeutralPrior() {
        assertThat(learned(0.0).isNeutral()).isTrue();
    }

    @Test
    void aOneMetricDevicePassesItsFirstWeekEndWithThePriorAndStandsOutWithoutIt() {
        double[] withPrior = scoreAWeekEnd(learned(DIP), -1, -1, 0);
        double[] without = scoreAWeekEnd(null, -1, -1, 0);
        // Friday 00:00 to Monday 24:00 after the Thursday warm-up
        assertThat(maxAbs(without, 0, without.length)).isGreaterThan(10.0);
        assertThat(maxAbs(withPrior, 0, withPrior.length)).isLessThan(4.5);
    }

    @Test
    void aLevelShiftDuringTheWeekEndStillStandsOut() {
        // Saturday 10:00 to 16:00 (one day and ten hours after the warm-up), 7 noise σ
        int from = PER_DAY + 10 * HOUR;
        int to = PER_DAY + 16 * HOUR;
        double[] z = scoreAWeekEnd(learned(DIP), from, to, 7.0);
        assertThat(z[from + 1]).isGreaterThan(5.0);
        // hourly means stay above 3 to the shift's end (the fast level creeps into a 7 σ shift within the reference gate)
        for (int h = from; h + HOUR <= to; h += HOUR) {
            double sum = 0;
            for (int k = h; k < h + HOUR; k++) {
                sum += z[k];
            }
            assertThat(sum / HOUR).isGreaterThan(3.0);
        }
    }

    @Test
    void theGainMultipliesTheExpectedReadingAboutItsRawZero() {
        double[] gains = new double[168];
        java.util.Arrays.fill(gains, 1.0);
        gains[60] = 0.5; // Saturday 12:00-13:00, counted from Thursday 00:00 (the epoch's weekday)
        WeeklyPrior prior = new WeeklyPrior(3_600_000L, new double[] {-2.0}, gains);
        double[] season = {1.0};
        prior.adjust(START + 2 * DAY_MS + 12 * 3_600_000L + 1_800_000L, new double[] {3.0}, season);
        // expected raw (fleet-scaled 4 is 6 above the zero) halves: zero + 3 = 1, i.e. 2 below the location
        assertThat(season[0]).isCloseTo(-2.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThatThrownBy(() -> new WeeklyPrior(3_600_000L, new double[] {0.0}, new double[167]))
                .hasMessageContaining("168 gains");
        double[] bad = gains.clone();
        bad[3] = -1;
        assertThatThrownBy(() -> new WeeklyPrior(3_600_000L, new double[] {0.0}, bad)).hasMessageContaining("positive");
    }
}
