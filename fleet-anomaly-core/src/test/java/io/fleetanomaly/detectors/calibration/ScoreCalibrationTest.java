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
}
