package io.fleetanomaly.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetanomaly.state.DeviceScalerMapper;
import io.fleetanomaly.state.DeviceScalerState;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Slow sensors (noise autocorrelation 0.9, as the simulated service temperature) with a daily
 * cycle, every 5 minutes, the season fitted to the first day, robust spread, a level over 6 events
 * and a reference over a day (the service bundle's settings): the one-day fit carries the first
 * day's slow noise into every later day as a fixed daily pattern; the season's online correction
 * learns it away, and a level shift on the sensor still scores as before.
 */
class SeasonCorrectionTest {
    private static final long DAY_MS = 86_400_000L;
    private static final long STEP_MS = 300_000L;
    private static final int PER_DAY = 288;
    private static final long START = 1_767_225_600_000L;
    private static final double AMPLITUDE = 7.0;
    private static final int DAYS = 15;
    /** The correction's memory: three days. */
    private static final int MEMORY = 3 * PER_DAY;
    /** A z of this size on one sensor is an alert-level score (χ²(1) tail about 6e-5). */
    private static final double ALERT_Z = 4.0;

    private static double cycle(int i) {
        double angle = 2 * Math.PI * ((i % PER_DAY) - 170) / PER_DAY;
        return AMPLITUDE * (Math.cos(angle) + 0.3 * Math.cos(2 * angle)) / 1.3;
    }

    /** DAYS days of readings, AR(1) noise with lag-1 autocorrelation phi and marginal σ 1. */
    private static double[] readings(double phi, long seed) {
        Random random = new Random(seed);
        double[] x = new double[DAYS * PER_DAY];
        double state = random.nextGaussian();
        for (int i = 0; i < x.length; i++) {
            state = phi * state + Math.sqrt(1 - phi * phi) * random.nextGaussian();
            x[i] = cycle(i) + state;
        }
        return x;
    }

    private static DeviceScaler firstDay(double[] x, int correctionEvents) {
        long[] ts = new long[PER_DAY];
        double[][] rows = new double[PER_DAY][1];
        for (int i = 0; i < PER_DAY; i++) {
            ts[i] = START + i * STEP_MS;
            rows[i][0] = x[i];
        }
        return DeviceScaler.fit(ts, rows, DAY_MS, 3, 6, DeviceSpread.ROBUST, PER_DAY).withSeasonCorrection(correctionEvents);
    }

    /** z of every reading after the first day, as the job scores them (level and reference moving). */
    private static double[] scores(DeviceScaler scaler, double[] x) {
        double[] level = scaler.newLevel();
        double[] season = new double[1];
        double[] scratch = new double[1];
        double[] z = new double[x.length];
        for (int i = PER_DAY; i < x.length; i++) {
            double[] reading = {x[i]};
            long ts = START + i * STEP_MS;
            scaler.seasonAt(ts, season);
            scaler.standardise(reading, ts, season, level, scratch);
            z[i] = reading[0];
        }
        return z;
    }

    /** Readings with |z| ≥ ALERT_Z over the last week (the correction has learned for a week), over 40 devices. */
    private static int alertLevelScores(double phi, int correctionEvents) {
        int count = 0;
        for (int d = 0; d < 40; d++) {
            double[] x = readings(phi, 100 + d);
            double[] z = scores(firstDay(x, correctionEvents), x);
            for (int i = 8 * PER_DAY; i < x.length; i++) {
                count += Math.abs(z[i]) >= ALERT_Z ? 1 : 0;
            }
        }
        return count;
    }

    @Test
    void aSlowSensorsWanderStopsScoringAtAlertLevelOnceTheSeasonIsCorrected() {
        int uncorrected = alertLevelScores(0.9, 0);
        int corrected = alertLevelScores(0.9, MEMORY);
        assertThat(uncorrected).isGreaterThan(40); // 63 with these seeds
        assertThat(corrected).isLessThan(uncorrected * 6 / 10); // 32
    }

    /** A 6 σ level shift of five hours, after a week of correction: its z is as large as without the correction. */
    @Test
    void aLevelShiftOnTheSlowSensorStillScores() {
        double sumPlain = 0;
        double sumCorrected = 0;
        for (long seed = 11; seed < 21; seed++) {
            double[] x = readings(0.9, seed);
            int start = 10 * PER_DAY + 100;
            for (int i = start; i < start + 60; i++) {
                x[i] += 6.0;
            }
            double[] plain = scores(firstDay(x, 0), x);
            double[] corrected = scores(firstDay(x, MEMORY), x);
            for (int i = start; i < start + 60; i++) {
                sumPlain += plain[i] / 600;
                sumCorrected += corrected[i] / 600;
            }
        }
        assertThat(sumPlain).isGreaterThan(5.0); // 7.8
        assertThat(sumCorrected).isGreaterThan(0.9 * sumPlain); // 7.7
    }

    /**
     * Readings beyond the reference gate teach the correction nothing: ten hours 20 spreads off (shorter
     * than the reference's acceptance of a new level, half its window) leave it as it was.
     */
    @Test
    void readingsBeyondTheReferenceGateTeachNothing() {
        double[] x = readings(0.9, 3);
        DeviceScaler scaler = firstDay(x, MEMORY);
        double[] level = scaler.newLevel();
        assertThat(level).hasSize((5 + DeviceScaler.REFERENCE_BINS + 6));
        double[] season = new double[1];
        double[] scratch = new double[1];
        double spread = scaler.spread()[0];
        for (int i = PER_DAY; i < PER_DAY + 120; i++) {
            long ts = START + i * STEP_MS;
            scaler.seasonAt(ts, season);
            double[] reading = {scaler.location()[0] + season[0] + 20 * spread};
            scaler.standardise(reading, ts, season, level, scratch);
        }
        for (int k = 5 + DeviceScaler.REFERENCE_BINS; k < level.length; k++) {
            assertThat(level[k]).isZero();
        }
    }

    /**
     * The correction's memory is the device's state (the job rebuilds the scaler from it per event);
     * state written before it existed has none, and a level array written without room for the
     * correction scores uncorrected.
     */
    @Test
    void theCorrectionSurvivesTheDevicesStateAndOldStateHasNone() {
        double[] x = readings(0.9, 5);
        DeviceScaler scaler = firstDay(x, MEMORY);
        DeviceScalerState state = DeviceScalerMapper.toState(scaler);
        assertThat(DeviceScalerMapper.toScaler(state).seasonCorrectionEvents()).isEqualTo(MEMORY);
        state.seasonCorrectionEvents = 0;
        DeviceScaler old = DeviceScalerMapper.toScaler(state);
        assertThat(old.seasonCorrectionEvents()).isZero();
        assertThat(scores(old, x)).containsExactly(scores(firstDay(x, 0), x));
        double[] shortLevel = firstDay(x, 0).newLevel();
        double[] season = new double[1];
        double[] a = {x[PER_DAY]};
        double[] b = {x[PER_DAY]};
        scaler.seasonAt(START + PER_DAY * STEP_MS, season);
        scaler.standardise(a, START + PER_DAY * STEP_MS, season, shortLevel, new double[1]);
        firstDay(x, 0).standardise(b, START + PER_DAY * STEP_MS, season, firstDay(x, 0).newLevel(), new double[1]);
        assertThat(a[0]).isEqualTo(b[0]);
        assertThatThrownBy(() -> scaler.withSeasonCorrection(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
