package io.fleetanomaly.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The missing-peak hold: a day whose afternoon peak never comes (the load stays at its daily mean
 * through the peak hours, every metric in proportion, as the simulator's dropped peak) is followed
 * by the device level without the hold, since every sensor shows the same load change, and stays
 * visible with it; a week of noise with a quieter week-end looks the same with and without it.
 * Devices report every 5 minutes; warm-up one day; level L = 6, reference one day (288 events).
 */
class MissingPeakHoldTest {
    private static final long DAY_MS = 86_400_000L;
    private static final long STEP_MS = 300_000L;
    private static final int PER_DAY = 288;
    private static final int HOUR = 12;
    private static final int PEAK_STEP = 180;
    private static final long START = 1_767_225_600_000L;
    private static final double NOISE = 0.03;
    /** The peak is 0.2 of the mean load: 6.7 noise spreads above it on sensor 0, within the reference gate. */
    private static final double AMPLITUDE = 0.2;
    /** Sensor 1 follows the load half as strongly as sensor 0 (as latency follows requests less). */
    private static final double[] SENSITIVITY = {1.0, 0.5};

    /** The load at step i: a daily cycle peaking at 15:00, without its peak on the days in [peakFrom, peakTo), times (1 − dip) from dipFrom on. */
    private static double load(int i, int peakFrom, int peakTo, int dipFrom, double dip) {
        double angle = 2 * Math.PI * ((i % PER_DAY) - PEAK_STEP) / PER_DAY;
        double daily = (Math.cos(angle) + 0.3 * Math.cos(2 * angle)) / 1.3;
        if (i >= peakFrom && i < peakTo) {
            daily = Math.min(daily, 0.0);
        }
        double ramp = i < dipFrom ? 0 : Math.min(1.0, (i - dipFrom) / (2.0 * HOUR));
        return (1 + AMPLITUDE * daily) * (1 - dip * ramp);
    }

    /** Per event of the days after the warm-up, each sensor's z (the warm-up is the first day). */
    private static double[][] score(boolean hold, int sensors, int days, int peakFrom, int peakTo, int dipFrom, double dip) {
        Random random = new Random(5);
        long[] ts = new long[PER_DAY];
        double[][] warmup = new double[PER_DAY][];
        double[][] z = new double[days * PER_DAY][];
        for (int i = 0; i < (days + 1) * PER_DAY; i++) {
            double[] x = new double[sensors];
            for (int j = 0; j < sensors; j++) {
                x[j] = SENSITIVITY[j] * load(i, peakFrom, peakTo, dipFrom, dip) + NOISE * random.nextGaussian();
            }
            if (i < PER_DAY) {
                ts[i] = START + i * STEP_MS;
                warmup[i] = x;
            } else {
                z[i - PER_DAY] = x;
            }
        }
        DeviceScaler scaler = DeviceScaler.fit(ts, warmup, DAY_MS, 3, 6, DeviceSpread.ROBUST, PER_DAY).withMissingPeakHold(hold);
        double[] level = scaler.newLevel();
        double[] season = new double[sensors];
        for (int k = 0; k < z.length; k++) {
            scaler.seasonAt(START + (PER_DAY + k) * STEP_MS, season);
            scaler.standardise(z[k], season, level, new double[sensors]);
        }
        return z;
    }

    /** The lowest hourly mean of sensor j's z over the events [from, to) after the warm-up. */
    private static double lowestHourMean(double[][] z, int j, int from, int to) {
        double lowest = Double.POSITIVE_INFINITY;
        for (int h = from; h + HOUR <= to; h += HOUR) {
            double sum = 0;
            for (int k = h; k < h + HOUR; k++) {
                sum += z[k][j];
            }
            lowest = Math.min(lowest, sum / HOUR);
        }
        return lowest;
    }

    private static double largestAbs(double[][] z) {
        double largest = 0;
        for (double[] event : z) {
            for (double v : event) {
                largest = Math.max(largest, Math.abs(v));
            }
        }
        return largest;
    }

    @Test
    void aMissingPeakOnEveryMetricIsFollowedWithoutTheHoldAndStaysVisibleWithIt() {
        // the third day after the warm-up has no peak (its peak hours: events 2·288 + 120 … 2·288 + 240)
        int peakFrom = 3 * PER_DAY;
        int peakTo = 4 * PER_DAY;
        int dayFrom = 2 * PER_DAY;
        int dayTo = 3 * PER_DAY;
        double[][] held = score(true, 2, 4, peakFrom, peakTo, Integer.MAX_VALUE, 0);
        double[][] followed = score(false, 2, 4, peakFrom, peakTo, Integer.MAX_VALUE, 0);
        assertThat(lowestHourMean(held, 0, dayFrom, dayTo)).as("with the hold").isLessThan(-4.5);
        assertThat(lowestHourMean(followed, 0, dayFrom, dayTo)).as("without it").isGreaterThan(-3.0);
        // the day after is normal again with the hold too
        assertThat(lowestHourMean(held, 0, dayTo, dayTo + PER_DAY)).isGreaterThan(-2.0);
    }

    @Test
    void aMissingPeakOnADeviceWithOneMetricIsFollowedWithinTheGateWithoutTheHold() {
        int peakFrom = 3 * PER_DAY;
        int peakTo = 4 * PER_DAY;
        double[][] held = score(true, 1, 4, peakFrom, peakTo, Integer.MAX_VALUE, 0);
        double[][] gated = score(false, 1, 4, peakFrom, peakTo, Integer.MAX_VALUE, 0);
        assertThat(lowestHourMean(held, 0, 2 * PER_DAY, 3 * PER_DAY)).as("with the hold").isLessThan(-4.5);
        assertThat(lowestHourMean(gated, 0, 2 * PER_DAY, 3 * PER_DAY)).as("without it").isGreaterThan(-3.0);
    }

    @Test
    void aWeekOfNoiseWithAQuieterWeekEndLooksTheSameWithTheHold() {
        int dipFrom = 3 * PER_DAY - 2 * HOUR;
        double[][] held = score(true, 2, 7, Integer.MAX_VALUE, 0, dipFrom, 0.15);
        double[][] followed = score(false, 2, 7, Integer.MAX_VALUE, 0, dipFrom, 0.15);
        assertThat(largestAbs(held)).isLessThan(largestAbs(followed) + 1.0).isLessThan(5.5);
        assertThat(lowestHourMean(held, 0, 0, held.length)).isGreaterThan(-2.0);
    }

    @Test
    void theDeviceStateKeepsTheHoldAndStateWrittenWithoutItHasItOff() {
        double[][] rows = new double[PER_DAY][];
        long[] ts = new long[PER_DAY];
        for (int i = 0; i < PER_DAY; i++) {
            ts[i] = START + i * STEP_MS;
            rows[i] = new double[] {load(i, 0, 0, Integer.MAX_VALUE, 0) + 0.01 * (i % 3)};
        }
        DeviceScaler plain = DeviceScaler.fit(ts, rows, DAY_MS, 3, 6, DeviceSpread.ROBUST, PER_DAY);
        assertThat(plain.missingPeakHold()).isFalse();
        io.fleetanomaly.state.DeviceScalerState state = io.fleetanomaly.state.DeviceScalerMapper.toState(plain.withMissingPeakHold(true));
        assertThat(io.fleetanomaly.state.DeviceScalerMapper.toScaler(state).missingPeakHold()).isTrue();
        state.missingPeakHold = false; // as in state written before the hold existed
        assertThat(io.fleetanomaly.state.DeviceScalerMapper.toScaler(state).missingPeakHold()).isFalse();
        assertThat(plain.withMissingPeakHold(true).newLevel()).as("no state of its own").hasSize(plain.newLevel().length);
    }
}
