package io.fleetanomaly.scoring;

import io.fleetanomaly.bundle.ModelBundle;
import java.util.Arrays;

/**
 * Five weekdays of a four-metric service as the simulator models one (cpu, requests, latency,
 * temperature: a daily cycle, autocorrelated noise), for tests that score it with the shipped
 * service bundle through {@link DeviceScorer}. Day 0 is the device's warm-up; the tests put their
 * fault on day 3 and compare it with the normal days 1, 2 and 4.
 */
final class ServiceWeekdays {
    static final long MONDAY = 1_767_571_200_000L; // 2026-01-05T00:00Z
    static final long STEP_MS = 300_000L;
    static final int DAY = 288;
    static final int DAYS = 5;
    static final double[] BASE = {30, 200, 100, 45};
    static final double[] LOAD = {1.0, 1.0, 0.4, 0.15};
    static final double[] NOISE = {0.04, 0.04, 0.06, 0.01};
    static final double[] PHI = {0.5, 0.3, 0.5, 0.9};

    private ServiceWeekdays() {
    }

    /** The daily cycle at event i, peaking at 14:00, in [-1, 1]. */
    static double daily(int i) {
        double angle = 2 * Math.PI * (i % DAY - 14.0 * 12) / DAY;
        return (Math.cos(angle) + 0.3 * Math.cos(2 * angle)) / 1.3;
    }

    /** The raw device-mode d² of every event (NaN while warming up). */
    static double[] rawMahalanobis(ModelBundle bundle, double[][] readings) {
        DeviceScorer scorer = new DeviceScorer(bundle);
        InMemoryDeviceState device = scorer.newDevice();
        double[] raw = new double[2];
        double[] out = new double[readings.length];
        for (int i = 0; i < readings.length; i++) {
            boolean warm = scorer.rawScores(device, MONDAY + i * STEP_MS, readings[i], raw);
            out[i] = warm ? raw[DeviceScorer.MAHALANOBIS_INDEX] : Double.NaN;
        }
        return out;
    }

    /** Days 1, 2 and 4 (day 0 is the warm-up, day 3 holds the fault). */
    static double[] normalDays(double[] scores) {
        double[] out = new double[3 * DAY];
        System.arraycopy(scores, DAY, out, 0, 2 * DAY);
        System.arraycopy(scores, 4 * DAY, out, 2 * DAY, DAY);
        return out;
    }

    /** The p-th percentile (nearest rank) of the values that are not NaN. */
    static double percentile(double[] values, double p) {
        double[] sorted = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        int at = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p / 100 * sorted.length) - 1));
        return sorted[at];
    }
}
