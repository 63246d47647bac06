package io.fleetanomaly.detectors.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ScoreCalibrationTest {
    @Test
    void calibratedNormalScoresAreAboutExponentialWithMeanOne() {
        Random random = new Random(1);
        double[] train = random.doubles(20_000).map(u -> 3 + 2 * u * u).toArray();
        ScoreCalibration calibration = ScoreCalibration.fit(train);
        double[] fresh = random.doubles(20_000).map(u -> 3 + 2 * u * u).map(calibration::calibrate).toArray();
        assertThat(Arrays.stream(fresh).average().orElseThrow()).isCloseTo(1.0, within(0.05));
        long beyondThree = Arrays.stream(fresh).filter(s -> s > Math.log(100)).count();
        assertThat(beyondThree / 20_000.0).isCloseTo(0.01, within(0.003));
    }

    @Test
    void isMonotoneAndExtrapolatesTheTailBeyondTrainingData() {
        Random random = new Random(2);
        double[] chiSquare2 = new double[10_000];
        for (int i = 0; i < chiSquare2.length; i++) {
            double a = random.nextGaussian();
            double b = random.nextGaussian();
            chiSquare2[i] = a * a + b * b;
        }
        ScoreCalibration calibration = ScoreCalibration.fit(chiSquare2);
        double previous = -1;
        for (double raw = 0; raw < 60; raw += 0.25) {
            double s = calibration.calibrate(raw);
            assertThat(s).isGreaterThanOrEqualTo(previous);
            previous = s;
        }
        // chi2(2) tail is exactly exp(-x/2): -ln p = x / 2
        assertThat(calibration.calibrate(30.0)).isCloseTo(15.0, within(1.5));
        assertThat(calibration.calibrate(1e9)).isEqualTo(ScoreCalibration.MAX_SCORE);
        assertThat(calibration.calibrate(-5)).isZero();
        assertThat(calibration.calibrate(Double.NaN)).isZero();
    }

    @Test
    void handlesDiscreteAndConstantScores() {
        double[] constant = new double[100];
        Arrays.fill(constant, 0.5);
        ScoreCalibration calibration = ScoreCalibration.fit(constant);
        assertThat(calibration.calibrate(0.5)).isZero();
        assertThat(calibration.calibrate(0.6)).isGreaterThan(3);

        double[] discrete = new Random(3).ints(1000, 0, 4).asDoubleStream().toArray();
        ScoreCalibration d = ScoreCalibration.fit(discrete);
        assertThat(d.calibrate(3)).isGreaterThan(d.calibrate(1));
    }

    @Test
    void roundTripsThroughItsKnots() {
        ScoreCalibration original = ScoreCalibration.fit(new Random(4).doubles(5000).toArray());
        ScoreCalibration copy = new ScoreCalibration(
                original.rawKnots(), original.logTailKnots(), original.tailScale(), original.samples());
        for (double raw = -0.5; raw < 2; raw += 0.01) {
            assertThat(copy.calibrate(raw)).isEqualTo(original.calibrate(raw));
        }
    }

    @Test
    void rejectsBadKnotsAndTooFewSamples() {
        assertThatThrownBy(() -> ScoreCalibration.fit(new double[] {1, 2, 3}))
                .hasMessageContaining("at least");
        assertThatThrownBy(() -> new ScoreCalibration(new double[] {1, 0}, new double[] {0, -1}, 1, 10))
                .hasMessageContaining("strictly increasing");
        assertThatThrownBy(() -> new ScoreCalibration(new double[] {0, 1}, new double[] {0, -1}, 0, 10))
                .hasMessageContaining("tail_scale");
    }

    /**
     * calibrate counts the knots below a score instead of bisecting them: the same bits as the
     * bisection ({@code Arrays.binarySearch}) it replaces, on knots around zero, scores on, next to,
     * between and outside the knots, ±0, NaN and infinities, and more knots than it counts.
     */
    @Test
    void countingTheKnotsGivesTheBisectionsBits() {
        Random random = new Random(17);
        int differing = 0;
        String first = null;
        for (int round = 0; round < 400; round++) {
            int count = 1 + random.nextInt(round % 10 == 0 ? 60 : 16);
            double[] raw = new double[count];
            double[] logTail = new double[count];
            double at = round % 3 == 0 ? -random.nextDouble() * count : random.nextGaussian();
            for (int k = 0; k < count; k++) {
                at += round % 5 == 0 ? Math.ulp(at) + (k % 2) * 1e-300 : 0.01 + random.nextDouble();
                raw[k] = round % 7 == 0 && k == count / 2 ? (random.nextBoolean() ? 0.0 : -0.0) : at;
                logTail[k] = -0.1 * k - random.nextDouble() * 0.05 * (k > 0 ? 1 : 0);
                if (k > 0 && (raw[k] <= raw[k - 1])) {
                    raw[k] = Math.nextUp(raw[k - 1]);
                    at = raw[k];
                }
            }
            ScoreCalibration calibration = new ScoreCalibration(raw, logTail, 0.5 + random.nextDouble(), 1000);
            java.util.List<Double> scores = new java.util.ArrayList<>(java.util.List.of(
                    0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                    Double.MIN_VALUE, -Double.MIN_VALUE));
            for (double knot : raw) {
                scores.add(knot);
                scores.add(-knot);
                scores.add(Math.nextUp(knot));
                scores.add(Math.nextDown(knot));
            }
            for (int q = 0; q < 200; q++) {
                scores.add(raw[0] + (raw[count - 1] - raw[0]) * (random.nextDouble() * 1.2 - 0.1));
            }
            for (double score : scores) {
                long expected = Double.doubleToRawLongBits(bisected(raw, logTail, calibration.tailScale(), score));
                if (Double.doubleToRawLongBits(calibration.calibrate(score)) != expected) {
                    differing++;
                    first = first != null ? first : score + " on " + Arrays.toString(raw);
                }
            }
        }
        assertThat(differing).as("scores calibrated differently, the first %s", first).isZero();
    }

    /**
     * A score of -0.0 on a knot at 0.0: the bisection orders -0.0 below 0.0 and interpolates from the
     * knot before, which here does not round to the knot's own value; calibrate must do the same.
     */
    @Test
    void aNegativeZeroScoreOnAZeroKnotInterpolatesAsTheBisectionDoes() {
        double[] raw = {-2.0, -1.0, 0.0, 1.0};
        double[] logTail = {0.0, -0.1, -0.45, -0.7};
        ScoreCalibration calibration = new ScoreCalibration(raw, logTail, 1.0, 100);
        double expected = bisected(raw, logTail, 1.0, -0.0);
        assertThat(expected).isEqualTo(0.44999999999999996); // not 0.45, the knot's own
        assertThat(calibration.calibrate(-0.0)).isEqualTo(expected);
        assertThat(calibration.calibrate(0.0)).isEqualTo(0.45);
    }

    /** calibrate as it was, with the bisection. */
    private static double bisected(double[] rawKnots, double[] logTailKnots, double tailScale, double raw) {
        if (Double.isNaN(raw)) {
            return 0.0;
        }
        int last = rawKnots.length - 1;
        if (raw <= rawKnots[0]) {
            return 0.0;
        }
        double logTail;
        if (raw >= rawKnots[last]) {
            logTail = logTailKnots[last] - (raw - rawKnots[last]) / tailScale;
        } else {
            int i = Arrays.binarySearch(rawKnots, raw);
            if (i >= 0) {
                logTail = logTailKnots[i];
            } else {
                int upper = -i - 1;
                int lower = upper - 1;
                double t = (raw - rawKnots[lower]) / (rawKnots[upper] - rawKnots[lower]);
                logTail = logTailKnots[lower] + t * (logTailKnots[upper] - logTailKnots[lower]);
            }
        }
        return Math.min(ScoreCalibration.MAX_SCORE, Math.max(0.0, -logTail));
    }
}
