package io.fleetanomaly.evaluation.tuning;

import io.fleetanomaly.evaluation.replay.ReplayRecord;
import io.fleetanomaly.events.SensorEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Hand-made replays for the tuning tests: one device's events built segment by segment. */
final class TuningData {
    static final long T0 = 1_767_225_600_000L;
    static final long STEP_MS = 1_000L;

    private TuningData() {}

    /** A replayed event on which the job had no alert open (a hand-made replay records none). */
    static ReplayRecord event(String deviceId, long ts, int label, boolean warmingUp, double[] detectorScores,
            double fusedScore) {
        return new ReplayRecord(deviceId, ts, label, false, 0, warmingUp, fusedScore, detectorScores, 0.0, null, 0.0);
    }

    /** Builds one device's events; detector scores are given per event, the fused score is their weighted sum. */
    static final class Device {
        final String id;
        final double[] weights;
        final List<ReplayRecord> events = new ArrayList<>();
        private long ts = T0;

        Device(String id, double... weights) {
            this.id = id;
            this.weights = weights.clone();
        }

        Device warmUp(int count) {
            for (int i = 0; i < count; i++) {
                events.add(event(id, next(), SensorEvent.LABEL_UNKNOWN, true, null, 0.0));
            }
            return this;
        }

        Device add(int label, double... detectorScores) {
            double fused = 0.0;
            for (int d = 0; d < weights.length; d++) {
                fused += weights[d] * detectorScores[d];
            }
            events.add(event(id, next(), label, false, detectorScores.clone(), fused));
            return this;
        }

        /** {@code count} events of one detector's score (single-detector devices). */
        Device repeat(int count, int label, double score) {
            for (int i = 0; i < count; i++) {
                add(label, score);
            }
            return this;
        }

        /** The default 50-event baseline of a single-detector device: 0, 2, 0, 2, … (μ = 1, σ = √(50/49)). */
        Device alternatingBaseline(int count) {
            for (int i = 0; i < count; i++) {
                add(0, i % 2 == 0 ? 0.0 : 2.0);
            }
            return this;
        }

        DeviceSeries series() {
            return DeviceSeries.of(id, events);
        }

        private long next() {
            long t = ts;
            ts += STEP_MS;
            return t;
        }
    }

    /** σ of {@link Device#alternatingBaseline(int)} with 50 events. */
    static final double BASELINE_STD = Math.sqrt(50.0 / 49.0);

    /** The single-detector score whose standardised value after the alternating baseline is z. */
    static double z(double z) {
        return 1.0 + z * BASELINE_STD;
    }

    /**
     * A fleet whose anomalies show in detector 0 only: every detector is Exp(1) noise (the shape of
     * a calibrated score on normal data); during an anomaly detector 0 is shifted by {@code shift}.
     * Each device: {@code baseline} normal events, then {@code episodes} × (gap of normal events,
     * anomaly of {@code anomalyLength} events), then a normal tail.
     */
    static List<DeviceSeries> informativeAndNoise(
            int devices, int detectors, double[] recordedWeights, int baseline, int episodes, int gap,
            int anomalyLength, double shift, long seed) {
        Random random = new Random(seed);
        List<DeviceSeries> fleet = new ArrayList<>();
        for (int d = 0; d < devices; d++) {
            Device device = new Device(String.format("dev-%03d", d), recordedWeights);
            device.warmUp(5);
            for (int i = 0; i < baseline; i++) {
                device.add(0, noise(random, detectors, 0.0));
            }
            for (int e = 0; e < episodes; e++) {
                int thisGap = gap / 2 + random.nextInt(gap);
                for (int i = 0; i < thisGap; i++) {
                    device.add(0, noise(random, detectors, 0.0));
                }
                for (int i = 0; i < anomalyLength; i++) {
                    device.add(1, noise(random, detectors, shift));
                }
            }
            for (int i = 0; i < gap; i++) {
                device.add(0, noise(random, detectors, 0.0));
            }
            fleet.add(device.series());
        }
        return fleet;
    }

    private static double[] noise(Random random, int detectors, double shiftOfFirst) {
        double[] scores = new double[detectors];
        for (int i = 0; i < detectors; i++) {
            scores[i] = -Math.log(1.0 - random.nextDouble());
        }
        scores[0] += shiftOfFirst;
        return scores;
    }
}
