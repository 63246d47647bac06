package io.fleetanomaly.detectors.mahalanobis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DeviceBaselineTest {
    private static final int WARMUP = 400;
    private static final int SMOOTHING = 10;

    /** Feeds readings and their trailing means of {@link #SMOOTHING}, as the device scorer does. */
    private static DeviceBaseline learn(double[][] readings) {
        int d = readings[0].length;
        DeviceBaseline baseline = DeviceBaseline.create(d, readings.length);
        for (int i = 0; i < readings.length; i++) {
            baseline.add(readings[i], i + 1 >= SMOOTHING ? trailingMean(readings, i) : null);
        }
        return baseline;
    }

    private static double[] trailingMean(double[][] readings, int last) {
        double[] mean = new double[readings[0].length];
        for (int i = last - SMOOTHING + 1; i <= last; i++) {
            for (int j = 0; j < mean.length; j++) {
                mean[j] += readings[i][j] / SMOOTHING;
            }
        }
        return mean;
    }

    private static double[][] fastAndSlow(Random random, int n) {
        double slow = 0;
        double[][] readings = new double[n][];
        for (int i = 0; i < n; i++) {
            slow = 0.98 * slow + 0.2 * random.nextGaussian(); // AR(1), strongly autocorrelated
            readings[i] = new double[] {random.nextGaussian(), slow};
        }
        return readings;
    }

    @Test
    void aSlowSensorGetsFewDegreesOfFreedomAFastOneAboutOnePerReading() {
        DeviceModel model = learn(fastAndSlow(new Random(1), WARMUP)).toSmoothedModel(0.1);
        assertThat(DeviceBaseline.batchEventsFor(WARMUP)).isEqualTo(WARMUP / DeviceBaseline.BATCHES);
        assertThat(model.degreesOfFreedom[0]).isGreaterThan(200.0);
        assertThat(model.degreesOfFreedom[1]).isLessThan(40.0);
        // the fast sensor's smoothed spread is about 1/√10 of its readings'
        assertThat(model.scale[0]).isCloseTo(1 / Math.sqrt(SMOOTHING), within(0.08));
    }

    @Test
    void theSameDeviationCountsForLessOnASlowSensor() {
        DeviceModel model = learn(fastAndSlow(new Random(3), WARMUP)).toSmoothedModel(0.1);
        double[] mean = model.mean;
        double[] slowShift = {mean[0], mean[1] + 6 * model.scale[1]};
        double[] fastShift = {mean[0] + 6 * model.scale[0], mean[1]};
        assertThat(distance(model, slowShift)).isLessThan(0.5 * distance(model, fastShift));
        assertThat(distance(model, fastShift)).isGreaterThan(25.0); // 6 spreads on a well-sampled sensor
    }

    @Test
    void onWhiteNoiseTheDistanceOfFreshSmoothedReadingsAveragesTheDimension() {
        Random random = new Random(5);
        int d = 4;
        int n = WARMUP + 4000;
        double[][] readings = new double[n][d];
        for (double[] row : readings) {
            for (int j = 0; j < d; j++) {
                row[j] = random.nextGaussian();
            }
        }
        double[][] warmup = java.util.Arrays.copyOf(readings, WARMUP);
        DeviceModel model = learn(warmup).toSmoothedModel(0.1);
        double sum = 0;
        int count = 0;
        for (int i = WARMUP; i < n; i += SMOOTHING) {
            sum += distance(model, trailingMean(readings, i));
            count++;
        }
        assertThat(sum / count).isCloseTo(d, within(0.8));
    }

    @Test
    void contributionsSumToTheDistance() {
        DeviceModel model = learn(fastAndSlow(new Random(7), WARMUP)).toSmoothedModel(0.1);
        double[] x = {model.mean[0] + 0.5, model.mean[1] - 0.3};
        double[] contributions = new double[2];
        double d2 = model.distanceSquared(x, new double[2], new double[2], contributions);
        assertThat(contributions[0] + contributions[1]).isCloseTo(d2, within(1e-9 * Math.max(1, d2)));
    }

    @Test
    void aConstantSensorStillGivesAnInvertibleModel() {
        Random random = new Random(2);
        double[][] readings = new double[32][];
        for (int i = 0; i < readings.length; i++) {
            readings[i] = new double[] {random.nextGaussian(), 5.0};
        }
        DeviceModel model = learn(readings).toSmoothedModel(0.1);
        assertThat(distance(model, new double[] {model.mean[0], 5.0})).isFinite();
        // any change of a constant sensor is as extreme as a deviation can be (tail floor ≈ 37 deviates)
        assertThat(distance(model, new double[] {model.mean[0], 5.1})).isGreaterThan(500.0);
        assertThat(DeviceBaseline.batchEventsFor(16)).isEqualTo(2);
        assertThat(DeviceBaseline.batchEventsFor(4)).isEqualTo(1);
    }

    @Test
    void theReadingModelIsGaussianWithLongRunScales() {
        double[][] readings = fastAndSlow(new Random(11), WARMUP);
        DeviceBaseline baseline = learn(readings);
        DeviceModel model = baseline.toReadingModel(0.1);
        assertThat(model.degreesOfFreedom).containsOnly(Double.POSITIVE_INFINITY);
        assertThat(model.scale[0]).isCloseTo(1.0, within(0.3)); // white noise: its standard deviation
        double plainSlow = 0;
        for (double[] r : readings) {
            plainSlow += (r[1] - model.mean[1]) * (r[1] - model.mean[1]) / (WARMUP - 1);
        }
        assertThat(model.scale[1]).isGreaterThan(2 * Math.sqrt(plainSlow)); // the slow level moves far more
        // a spike of 6 standard deviations on the fast sensor is as surprising as it looks
        double[] spike = {model.mean[0] + 6 * model.scale[0], model.mean[1]};
        assertThat(distance(model, spike)).isGreaterThan(30.0);
    }

    @Test
    void aModelNeedsTwoSmoothedReadings() {
        DeviceBaseline baseline = DeviceBaseline.create(1, 8);
        baseline.add(new double[] {1.0}, new double[] {1.0});
        assertThatThrownBy(() -> baseline.toSmoothedModel(0.1)).isInstanceOf(IllegalStateException.class);
    }

    private static double distance(DeviceModel model, double[] x) {
        int d = x.length;
        return model.distanceSquared(x, new double[d], new double[d], null);
    }
}
