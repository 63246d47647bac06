package io.fleetanomaly.detectors.mahalanobis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DeviceBaselineTest {
    @Test
    void aSlowSensorIsScaledByItsLongRunSpreadAFastOneByItsStandardDeviation() {
        Random random = new Random(1);
        DeviceBaseline baseline = DeviceBaseline.create(2, 400);
        assertThat(baseline.batchEvents).isEqualTo(DeviceBaseline.MAX_BATCH_EVENTS);
        double slow = 0;
        double[] readings = new double[400];
        for (int i = 0; i < 400; i++) {
            slow = 0.98 * slow + 0.2 * random.nextGaussian(); // AR(1), strongly autocorrelated
            readings[i] = slow;
            baseline.add(new double[] {random.nextGaussian(), slow});
        }
        double[][] covariance = baseline.toModel(0.1).covariance();
        double fastVariance = covariance[0][0];
        double slowVariance = covariance[1][1];
        double plainSlowVariance = variance(readings);
        assertThat(fastVariance).isCloseTo(1.0, within(0.35)); // white noise: about its variance
        assertThat(slowVariance).isGreaterThan(4 * plainSlowVariance); // the slow sensor's level moves far more
        // a sustained offset of 3 plain standard deviations on the slow sensor is unremarkable; on the fast one it is not
        MahalanobisModel model = baseline.toModel(0.1);
        double[] mean = model.mean();
        double slowShift = model.distanceSquared(new double[] {mean[0], mean[1] + 3 * Math.sqrt(plainSlowVariance)});
        double fastShift = model.distanceSquared(new double[] {mean[0] + 3, mean[1]});
        assertThat(slowShift).isLessThan(3.0);
        assertThat(fastShift).isGreaterThan(6.0);
    }

    @Test
    void aConstantSensorStillGivesAnInvertibleModel() {
        DeviceBaseline baseline = DeviceBaseline.create(2, 16);
        Random random = new Random(2);
        for (int i = 0; i < 16; i++) {
            baseline.add(new double[] {random.nextGaussian(), 5.0});
        }
        MahalanobisModel model = baseline.toModel(0.1);
        assertThat(model.distanceSquared(new double[] {0.0, 5.0})).isFinite();
        assertThat(model.distanceSquared(new double[] {0.0, 5.1})).isGreaterThan(1000.0);
        assertThat(DeviceBaseline.batchEventsFor(16)).isEqualTo(2);
        assertThat(DeviceBaseline.batchEventsFor(4)).isEqualTo(1);
    }

    private static double variance(double[] x) {
        double mean = 0;
        for (double v : x) {
            mean += v / x.length;
        }
        double sum = 0;
        for (double v : x) {
            sum += (v - mean) * (v - mean);
        }
        return sum / (x.length - 1);
    }
}
