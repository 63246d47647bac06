package io.fleetanomaly.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A slow sensor (noise autocorrelation 0.9, as the simulated service temperature) with a daily
 * cycle, every 5 minutes, its season fitted to its first day: the robust spread of that day
 * understates the spread its later days show, the predictive spread does not; a sensor with white
 * noise keeps its robust spread.
 */
class PredictiveSpreadTest {
    private static final long DAY_MS = 86_400_000L;
    private static final long STEP_MS = 300_000L;
    private static final int PER_DAY = 288;
    private static final long START = 1_767_225_600_000L;
    private static final double NOISE = 1.0;
    private static final double AMPLITUDE = 7.0;
    private static final int DAYS = 15;

    private static double cycle(int i) {
        double angle = 2 * Math.PI * ((i % PER_DAY) - 170) / PER_DAY;
        return AMPLITUDE * (Math.cos(angle) + 0.3 * Math.cos(2 * angle)) / 1.3;
    }

    /** DAYS days of readings, AR(1) noise with lag-1 autocorrelation phi and marginal σ NOISE. */
    private static double[] readings(double phi, long seed) {
        Random random = new Random(seed);
        double[] x = new double[DAYS * PER_DAY];
        double state = random.nextGaussian();
        for (int i = 0; i < x.length; i++) {
            state = phi * state + Math.sqrt(1 - phi * phi) * random.nextGaussian();
            x[i] = cycle(i) + NOISE * state;
        }
        return x;
    }

    private static DeviceScaler firstDay(double[] x, DeviceSpread spread) {
        long[] ts = new long[PER_DAY];
        double[][] rows = new double[PER_DAY][1];
        for (int i = 0; i < PER_DAY; i++) {
            ts[i] = START + i * STEP_MS;
            rows[i][0] = x[i];
        }
        return DeviceScaler.fit(ts, rows, DAY_MS, 3, 0, spread);
    }

    /** Root mean square of z over the days after the warm-up, averaged over devices (seeds). */
    private static double laterDaysSpread(double phi, DeviceSpread spread) {
        double sum = 0;
        int devices = 40;
        for (int d = 0; d < devices; d++) {
            double[] x = readings(phi, 100 + d);
            DeviceScaler scaler = firstDay(x, spread);
            double ss = 0;
            for (int i = PER_DAY; i < x.length; i++) {
                double z = scaler.standardise(0, x[i], START + i * STEP_MS, null);
                ss += z * z;
            }
            sum += Math.sqrt(ss / (x.length - PER_DAY));
        }
        return sum / devices;
    }

    @Test
    void aSlowSensorsLaterDaysAreWiderThanItsRobustSpreadButNotThanItsPredictiveSpread() {
        double robust = laterDaysSpread(0.9, DeviceSpread.ROBUST);
        double predictive = laterDaysSpread(0.9, DeviceSpread.ROBUST_PREDICTIVE);
        assertThat(robust).isGreaterThan(1.3);
        assertThat(predictive).isBetween(0.85, 1.15);
    }

    @Test
    void aSensorWithWhiteNoiseKeepsItsRobustSpread() {
        double[] x = readings(0.0, 7);
        assertThat(firstDay(x, DeviceSpread.ROBUST_PREDICTIVE).scoreWidening()[0]).isBetween(1.0, 1.03);
        assertThat(laterDaysSpread(0.0, DeviceSpread.ROBUST_PREDICTIVE)).isCloseTo(1.0, within(0.1));
    }

    /**
     * The widening divides only what the detectors see: the level, its gates and the reference move
     * in the robust spread exactly as without it (a wider level spread would let the level creep
     * into a level shift of the slow sensor).
     */
    @Test
    void theLevelMovesInTheRobustSpreadAndOnlyTheScoresAreWidened() {
        double[] x = readings(0.9, 11);
        for (int i = 3 * PER_DAY; i < 3 * PER_DAY + 60; i++) {
            x[i] += 6.0 * NOISE; // a level shift of 6 noise sigma for five hours
        }
        long[] ts = new long[PER_DAY];
        double[][] rows = new double[PER_DAY][1];
        for (int i = 0; i < PER_DAY; i++) {
            ts[i] = START + i * STEP_MS;
            rows[i][0] = x[i];
        }
        DeviceScaler robust = DeviceScaler.fit(ts, rows, DAY_MS, 3, 6, DeviceSpread.ROBUST, 288);
        DeviceScaler predictive = DeviceScaler.fit(ts, rows, DAY_MS, 3, 6, DeviceSpread.ROBUST_PREDICTIVE, 288);
        double widening = predictive.scoreWidening()[0];
        assertThat(widening).isGreaterThan(1.15);
        assertThat(robust.scoreWidening()).isNull();
        assertThat(predictive.spread()).containsExactly(robust.spread());
        double[] levelRobust = robust.newLevel();
        double[] levelPredictive = predictive.newLevel();
        double[] season = new double[1];
        double[] scratch = new double[1];
        for (int i = PER_DAY; i < x.length; i++) {
            double[] a = {x[i]};
            double[] b = {x[i]};
            robust.seasonAt(START + i * STEP_MS, season);
            robust.standardise(a, season, levelRobust, scratch);
            predictive.seasonAt(START + i * STEP_MS, season);
            predictive.standardise(b, season, levelPredictive, scratch);
            assertThat(b[0]).isCloseTo(a[0] / widening, within(1e-12));
        }
        assertThat(levelPredictive).containsExactly(levelRobust);
    }

    /** The widening is the device's state (the job rebuilds the scaler from it per event); state without it scores unwidened. */
    @Test
    void theWideningSurvivesTheDevicesStateAndOldStateHasNone() {
        double[] x = readings(0.9, 5);
        DeviceScaler scaler = firstDay(x, DeviceSpread.ROBUST_PREDICTIVE);
        io.fleetanomaly.state.DeviceScalerState state = io.fleetanomaly.state.DeviceScalerMapper.toState(scaler);
        DeviceScaler back = io.fleetanomaly.state.DeviceScalerMapper.toScaler(state);
        assertThat(back.scoreWidening()).containsExactly(scaler.scoreWidening());
        long ts = START + 2 * PER_DAY * STEP_MS;
        assertThat(back.standardise(0, x[2 * PER_DAY], ts, null)).isEqualTo(scaler.standardise(0, x[2 * PER_DAY], ts, null));
        state.scoreWidening = null;
        DeviceScaler old = io.fleetanomaly.state.DeviceScalerMapper.toScaler(state);
        assertThat(old.scoreWidening()).isNull();
        assertThat(old.standardise(0, x[2 * PER_DAY], ts, null))
                .isCloseTo(scaler.standardise(0, x[2 * PER_DAY], ts, null) * scaler.scoreWidening()[0], within(1e-9));
    }

    @Test
    void theFactorGrowsWithTheAutocorrelationAndIsCappedWhenFewReadingsAreIndependent() {
        double[] white = new double[288];
        double[] slow = new double[288];
        Random random = new Random(1);
        double state = 0;
        for (int i = 0; i < 288; i++) {
            white[i] = random.nextGaussian();
            state = 0.8 * state + 0.6 * random.nextGaussian();
            slow[i] = state;
        }
        double whiteFactor = PredictiveSpread.factor(white, 0.0, 7);
        double slowFactor = PredictiveSpread.factor(slow, 0.0, 7);
        assertThat(whiteFactor).isBetween(1.0, 1.05);
        assertThat(slowFactor).isGreaterThan(whiteFactor + 0.05).isLessThan(PredictiveSpread.MAX_FACTOR);
        double[] constantRamp = new double[288];
        for (int i = 0; i < 288; i++) {
            constantRamp[i] = i;
        }
        assertThat(PredictiveSpread.factor(constantRamp, 143.5, 7)).isEqualTo(PredictiveSpread.MAX_FACTOR);
        assertThat(DeviceSpread.parse("robust_predictive")).isEqualTo(DeviceSpread.ROBUST_PREDICTIVE);
    }
}
