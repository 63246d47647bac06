package io.fleetanomaly.benchmark;

import com.amazon.randomcutforest.parkservices.ThresholdedRandomCutForest;
import io.fleetanomaly.events.SensorEvent;

/**
 * The peer row: AWS's ThresholdedRandomCutForest (randomcutforest-parkservices), the Java library a
 * user would otherwise pick, on the same events: one forest per device (as a keyed job would keep
 * it), 50 trees, sample size 256, all the events' channels, internal shingling. Each device's first
 * points fill its forest's samples untimed; the rest are timed (the thread's CPU time), one thread, {@code process(point,
 * ts)} per event (score, threshold and update, as a streaming user calls it). Missing readings are
 * replaced by the channel's previous value (RCF takes no NaN).
 */
final class RcfPeer {
    static final int TREES = 50;
    static final int SAMPLE_SIZE = 256;

    /** One configuration's figure. */
    record Result(int shingle, int devices, long points, double seconds) {
        double pointsPerSecond() {
            return points / seconds;
        }
    }

    private static volatile double sink;

    private RcfPeer() {}

    /** @param devices how many of the events' devices get a forest (the first ones) */
    static Result run(BenchmarkEvents events, int shingle, int devices) {
        int fleet = events.devices();
        int used = Math.min(devices, fleet);
        int perDevice = events.eventsPerDevice();
        int fill = Math.min(SAMPLE_SIZE + shingle, perDevice / 2);
        int channels = events.featureNames().size();
        SensorEvent[] all = events.events();
        long timedPoints = 0;
        long nanos = 0;
        double scores = 0;
        for (int device = 0; device < used; device++) {
            ThresholdedRandomCutForest forest = ThresholdedRandomCutForest.builder()
                    .dimensions(channels * shingle)
                    .shingleSize(shingle)
                    .internalShinglingEnabled(true)
                    .numberOfTrees(TREES)
                    .sampleSize(SAMPLE_SIZE)
                    .randomSeed(42L + device)
                    .build();
            double[] previous = new double[channels];
            double[][] points = new double[perDevice][];
            for (int step = 0; step < perDevice; step++) {
                SensorEvent event = all[step * fleet + device];
                double[] point = new double[channels];
                for (int j = 0; j < channels; j++) {
                    double v = event.values[j];
                    point[j] = Double.isNaN(v) ? previous[j] : v;
                    previous[j] = point[j];
                }
                points[step] = point;
            }
            for (int step = 0; step < fill; step++) {
                scores += forest.process(points[step], all[step * fleet + device].ts).getRCFScore();
            }
            long start = CpuClock.threadNanos();
            for (int step = fill; step < perDevice; step++) {
                scores += forest.process(points[step], all[step * fleet + device].ts).getRCFScore();
            }
            nanos += CpuClock.threadNanos() - start;
            timedPoints += perDevice - fill;
        }
        sink = scores;
        return new Result(shingle, used, timedPoints, nanos / 1e9);
    }
}
