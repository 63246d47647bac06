package io.fleetanomaly.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A device with a daily cycle and a slow trend, every 5 minutes: learned from its first day, the
 * device scaler keeps it near zero while it follows cycle and trend, and shows a spike, a level
 * shift, a change of variance, a missing peak and a cycle that stops.
 */
class DeviceScalerTest {
    private static final long DAY_MS = 86_400_000L;
    private static final long STEP_MS = 300_000L;
    private static final int PER_DAY = 288;
    private static final long START = 1_767_225_600_000L;
    private static final double NOISE = 0.05;
    private static final double AMPLITUDE = 1.0;
    /** A slow trend: the level grows by one noise σ every half day. */
    private static final double TREND_PER_STEP = NOISE / 144;

    private final Random random = new Random(3);

    /** The cycle's expected value at step i (afternoon peak, sharper than a sine). */
    private static double cycle(int i) {
        double angle = 2 * Math.PI * ((i % PER_DAY) - 180) / PER_DAY;
        return AMPLITUDE * (Math.cos(angle) + 0.3 * Math.cos(2 * angle)) / 1.3;
    }

    private double normal(int i) {
        return cycle(i) + TREND_PER_STEP * i + NOISE * random.nextGaussian();
    }

    private DeviceScaler learnedFromTheFirstDay(int levelEvents) {
        long[] ts = new long[PER_DAY];
        double[][] rows = new double[PER_DAY][1];
        for (int i = 0; i < PER_DAY; i++) {
            ts[i] = START + i * STEP_MS;
            rows[i][0] = normal(i);
        }
        return DeviceScaler.fit(ts, rows, DAY_MS, 3, levelEvents);
    }

    /** z of the days after the warm-up (days 2..4), with the given readings. */
    private double[] scoreDays(DeviceScaler scaler, java.util.function.IntToDoubleFunction reading) {
        double[] level = new double[1];
        double[] z = new double[3 * PER_DAY];
        for (int k = 0; k < z.length; k++) {
            int i = PER_DAY + k;
            z[k] = scaler.standardise(0, reading.applyAsDouble(i), START + i * STEP_MS, level);
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

    private static double meanOf(double[] z, int from, int to) {
        double sum = 0;
        for (int k = from; k < to; k++) {
            sum += z[k];
        }
        return sum / (to - from);
    }

    private static double stdOf(double[] z, int from, int to) {
        double mean = meanOf(z, from, to);
        double ss = 0;
        for (int k = from; k < to; k++) {
            ss += (z[k] - mean) * (z[k] - mean);
        }
        return Math.sqrt(ss / (to - from - 1));
    }

    @Test
    void aDeviceFollowingItsCycleAndTrendStaysNearZero() {
        DeviceScaler scaler = learnedFromTheFirstDay(72);
        assertThat(scaler.harmonics()).isEqualTo(3);
        double[] z = scoreDays(scaler, this::normal);
        assertThat(maxAbs(z, 0, z.length)).as("three days following the cycle, the trend followed by the level")
                .isLessThan(4.5);
        // the level lags a trend by its slope times L: here about half a spread
        assertThat(Math.abs(meanOf(z, 2 * PER_DAY, 3 * PER_DAY))).isLessThan(1.0);
        DeviceScaler noLevel = DeviceScaler.fit(new long[] {START, START + DAY_MS / 2, START + DAY_MS},
                new double[][] {{0}, {1}, {2}}, DAY_MS, 3, 0);
        assertThat(noLevel.levelEvents()).isZero();
        // a warm-up shorter than the period fits no season
        DeviceScaler shortWarmup = DeviceScaler.fit(new long[] {START, START + STEP_MS, START + 2 * STEP_MS},
                new double[][] {{0}, {1}, {2}}, DAY_MS, 3, 0);
        assertThat(shortWarmup.harmonics()).isZero();
    }

    @Test
    void aSpikeStandsOut() {
        DeviceScaler scaler = learnedFromTheFirstDay(72);
        int at = PER_DAY + 400;
        double[] z = scoreDays(scaler, i -> normal(i) + (i == at || i == at + 1 ? 12 * NOISE : 0));
        assertThat(z[400]).isGreaterThan(6.0);
        assertThat(z[401]).isGreaterThan(6.0);
    }

    @Test
    void aLevelShiftStaysVisibleForHours() {
        DeviceScaler scaler = learnedFromTheFirstDay(72);
        int from = PER_DAY + 300;
        int to = from + 72; // six hours
        double[] z = scoreDays(scaler, i -> normal(i) + (i >= from && i < to ? 7 * NOISE : 0));
        assertThat(meanOf(z, 300, 336)).as("the first three hours").isGreaterThan(3.0);
        assertThat(meanOf(z, 336, 372)).as("the next three hours: the level takes the shift in at most 1/L spread per event").isGreaterThan(2.0);
    }

    @Test
    void aQuieterWeekendRampingInIsFollowedButTheSameShiftAtOnceIsNot() {
        DeviceScaler scaler = learnedFromTheFirstDay(12);
        int from = PER_DAY + 300;
        double dip = 4 * scaler.spread()[0];
        // a week-end: the load falls by four spreads over two hours (24 steps) and stays there
        double[] weekend = scoreDays(scaler, i -> normal(i) - dip * Math.min(1.0, Math.max(0.0, (i - from) / 24.0)));
        assertThat(maxAbs(weekend, 0, weekend.length)).as("the level keeps up with the ramp").isLessThan(4.5);
        assertThat(Math.abs(meanOf(weekend, 400, 864))).as("and settles at the new level").isLessThan(1.0);
        // a drop of six spreads within one step is a level shift: the level takes it in at most
        // LEVEL_STEP_CLIP / L spreads per event, so it stays visible for the first hour
        double shiftSize = 6 * scaler.spread()[0];
        double[] shift = scoreDays(scaler, i -> normal(i) - (i >= from ? shiftSize : 0));
        double absorbedInAnHour = 12 * DeviceScaler.LEVEL_STEP_CLIP / 12;
        assertThat(meanOf(shift, 300, 312)).as("the first hour, still shifted as much as the clip allows")
                .isLessThan(-(6 - absorbedInAnHour) + 0.5);
    }

    @Test
    void aLevelDrawnIntoAShiftReturnsWhenTheShiftEnds() {
        DeviceScaler scaler = learnedFromTheFirstDay(12);
        int from = PER_DAY + 300;
        int to = from + 72;
        // a shift of 3.5 spreads for six hours: noise brings readings near the level, which follows it
        double shiftSize = 3.5 * scaler.spread()[0];
        double[] z = scoreDays(scaler, i -> normal(i) + (i >= from && i < to ? shiftSize : 0));
        assertThat(meanOf(z, 360, 372)).as("the level has followed the shift").isLessThan(1.5);
        // once the readings are back, so is the level: it is not stranded at the shifted value
        assertThat(Math.abs(meanOf(z, 372 + 48, 372 + 288))).as("the day after the shift").isLessThan(1.0);
    }

    @Test
    void theRobustSpreadJudgesASpikeOnAnAutocorrelatedSensorByItsNoise() {
        long[] ts = new long[PER_DAY];
        double[][] rows = new double[PER_DAY][1];
        double phi = 0.9;
        double noise = 0;
        for (int i = 0; i < PER_DAY; i++) {
            ts[i] = START + i * STEP_MS;
            noise = phi * noise + Math.sqrt(1 - phi * phi) * random.nextGaussian(); // marginal σ 1
            rows[i][0] = 50 + noise;
        }
        DeviceScaler longRun = DeviceScaler.fit(ts, rows, 0, 0, 0, DeviceSpread.LONG_RUN);
        DeviceScaler robust = DeviceScaler.fit(ts, rows, 0, 0, 0, DeviceSpread.ROBUST);
        assertThat(robust.spread()[0]).as("about the marginal σ").isBetween(0.6, 1.5);
        assertThat(longRun.spread()[0]).as("the long-run spread of a slow sensor").isGreaterThan(2 * robust.spread()[0]);
        double spike = rows[PER_DAY - 1][0] + 10.0; // ten noise σ
        assertThat(robust.standardise(0, spike, ts[0], null)).isGreaterThan(7.0);
        assertThat(longRun.standardise(0, spike, ts[0], null)).isLessThan(5.0);
        assertThat(DeviceSpread.parse("robust")).isEqualTo(DeviceSpread.ROBUST);
        assertThat(DeviceSpread.LONG_RUN.configName()).isEqualTo("long_run");
    }

    @Test
    void aChangeOfVarianceWidensTheSpread() {
        DeviceScaler scaler = learnedFromTheFirstDay(72);
        int from = PER_DAY + 300;
        int to = from + 72;
        Random burst = new Random(11);
        double[] z = scoreDays(scaler, i -> normal(i) + (i >= from && i < to ? 3 * NOISE * burst.nextGaussian() : 0));
        assertThat(stdOf(z, 300, 372)).isGreaterThan(2.5 * stdOf(z, 0, 288));
    }

    @Test
    void aMissingPeakIsADeepDipAtPeakTime() {
        DeviceScaler scaler = learnedFromTheFirstDay(72);
        // the second scored day's peak never comes: the reading stays at the daily mean
        double[] z = scoreDays(scaler, i -> i / PER_DAY == 2 ? Math.min(normal(i), TREND_PER_STEP * i) : normal(i));
        int peak = 180; // step of the day with the cycle's maximum
        assertThat(meanOf(z, 288 + peak - 12, 288 + peak + 12)).isLessThan(-8.0);
    }

    @Test
    void aCycleThatStopsShowsAtPeakAndTrough() {
        DeviceScaler scaler = learnedFromTheFirstDay(72);
        // from the second scored day on, the device sits at its mean level: its cycle has stopped
        double[] z = scoreDays(scaler, i -> i / PER_DAY >= 2 ? TREND_PER_STEP * i + NOISE * random.nextGaussian() : normal(i));
        assertThat(meanOf(z, 288 + 168, 288 + 192)).as("missing afternoon peak").isLessThan(-8.0);
        assertThat(meanOf(z, 288 + 24, 288 + 48)).as("missing night trough").isGreaterThan(2.5);
    }

    @Test
    void locationIsRobustAndSpreadIsTheLongRunOne() {
        long[] ts = new long[400];
        double[][] rows = new double[400][2];
        double slow = 0;
        for (int i = 0; i < 400; i++) {
            ts[i] = START + i * 1000L;
            slow = 0.98 * slow + 0.2 * random.nextGaussian(); // a slow, autocorrelated sensor
            rows[i][0] = 5 + slow;
            rows[i][1] = i == 7 ? 1e6 : 2 + 0.1 * random.nextGaussian(); // one wild reading
        }
        DeviceScaler scaler = DeviceScaler.fit(ts, rows, 0, 0, 0);
        assertThat(scaler.location()[1]).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.03));
        double[] plainStd = {0, 0};
        double mean = 0;
        for (double[] row : rows) {
            mean += row[0] / 400;
        }
        for (double[] row : rows) {
            plainStd[0] += (row[0] - mean) * (row[0] - mean) / 399;
        }
        assertThat(scaler.spread()[0]).as("long-run spread above the plain spread of a slow sensor")
                .isGreaterThan(Math.sqrt(plainStd[0]));
        assertThat(scaler.standardise(1, 2.0, ts[0], null)).isCloseTo(0.0, org.assertj.core.data.Offset.offset(0.5));
    }
}
