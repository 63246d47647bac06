package io.fleetanomaly.evaluation.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetanomaly.evaluation.replay.ReplayRecord;
import io.fleetanomaly.events.Alert;
import io.fleetanomaly.events.AlertStatus;
import io.fleetanomaly.events.ScoredEvent;
import io.fleetanomaly.events.SensorEvent;
import io.fleetanomaly.alerting.AlertSettings;
import io.fleetanomaly.job.alerting.CusumAlertFunction;
import io.fleetanomaly.fusion.ScoreFusion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The replay gives exactly the job's alert-open flags: the Flink {@link CusumAlertFunction} in an
 * operator test harness and {@link AlertReplay} see the same interleaved events of several devices
 * (warm-up events, unlabeled events, non-finite scores, anomalies, false-alarm bait), and every
 * event's {@code openAlertId != null} equals the replay's flag.
 */
@Timeout(120)
class AlertReplayEquivalenceTest {

    private static final String[] DETECTORS = {"iforest", "mahalanobis", "lstm_ae"};
    private static final double[] WEIGHTS = {0.5, 0.3, 0.2};
    private static final String[] FEATURES = {"a", "b", "c", "d"};
    private static final int DEVICES = 6;

    static Stream<Arguments> settings() {
        return Stream.of(
                Arguments.of("defaults", AlertSettings.defaults()),
                Arguments.of("quick open and resolve, no gaps", AlertSettings.builder()
                        .h(2.5).resolveAfterEvents(3).minReopenGapMs(0).updateIntervalMs(0).build()),
                Arguments.of("long reopen gap, short baseline", AlertSettings.builder()
                        .h(3.0).baselineEvents(20).minReopenGapMs(40_000).resolveAfterEvents(2).build()),
                Arguments.of("high h, larger k and reset level", AlertSettings.builder()
                        .h(9.0).k(1.0).resetLevel(3.0).maxCusum(20.0).build()),
                Arguments.of("like the shipped bundle", AlertSettings.builder()
                        .k(0.8).h(5.5).clip(3.0).maxCusum(24.0).minBaselineStd(1.0).minReopenGapMs(60_000).build()),
                Arguments.of("recovery on, short level EWMA", AlertSettings.builder()
                        .h(2.5).maxCusum(30.0).resolveAfterEvents(50).recoveryFraction(0.7).recoveryEwmaAlpha(0.2)
                        .minReopenGapMs(0).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void replayFlagsEqualTheJobsOpenAlertIds(String name, AlertSettings settings) throws Exception {
        List<ScoredEvent> input = interleavedFleet(17);
        JobRun job = runJob(settings, input);

        List<ReplayRecord> replayed = job.scores.stream().map(ReplayRecord::of).toList();
        List<DeviceSeries> devices = DeviceSeries.byDevice(replayed);
        assertThat(devices).hasSize(DEVICES);

        // Fused scores recomputed with ScoreFusion.fuse are the job's, bit for bit.
        FleetScores recomputed = FleetScores.fuse(devices, WEIGHTS);
        assertThat(recomputed.maxDifferenceToRecorded()).isZero();

        long flagged = 0;
        for (int d = 0; d < devices.size(); d++) {
            DeviceSeries series = devices.get(d);
            boolean[] jobFlags = series.recordedAlertOpen();
            boolean[] replayFlags = AlertReplay.alertOpen(recomputed, d, settings);
            assertThat(replayFlags).as("device %s", series.deviceId()).containsExactly(jobFlags);
            assertThat(AlertReplay.alertOpen(series, series.recordedFusedScores(), settings)).containsExactly(jobFlags);
            for (boolean f : replayFlags) {
                flagged += f ? 1 : 0;
            }
        }
        assertThat(FusionTuner.recordedAlertMismatches(devices, settings)).isZero();

        // The case is not trivial: alerts open and resolve, flags are a minority.
        assertThat(job.alerts).extracting(a -> a.status).contains(AlertStatus.OPEN, AlertStatus.RESOLVED);
        assertThat(flagged).isPositive().isLessThan(input.size() / 2);

        // The event that opens an alert is flagged; the event that resolves it is not, the one before it is.
        Map<String, DeviceSeries> byId = new HashMap<>();
        devices.forEach(s -> byId.put(s.deviceId(), s));
        for (Alert alert : job.alerts) {
            DeviceSeries series = byId.get(alert.deviceId);
            boolean[] flags = AlertReplay.alertOpen(series, series.recordedFusedScores(), settings);
            int at = indexOfTs(series, alert.ts);
            if (alert.status == AlertStatus.OPEN) {
                assertThat(flags[at]).as("opening event of %s", alert.alertId).isTrue();
                assertThat(at == 0 || !flags[at - 1]).as("event before the opening of %s", alert.alertId).isTrue();
            } else if (alert.status == AlertStatus.RESOLVED) {
                assertThat(flags[at]).as("resolving event of %s", alert.alertId).isFalse();
                assertThat(flags[at - 1]).as("event before the resolving of %s", alert.alertId).isTrue();
            }
        }

        // The confusion counted by the replay is the job's flags counted over scored, labeled events.
        long tp = 0, fp = 0, fn = 0, tn = 0;
        for (ScoredEvent e : job.scores) {
            if (e.warmingUp || e.label == SensorEvent.LABEL_UNKNOWN) {
                continue;
            }
            boolean open = e.openAlertId != null;
            if (e.label == 1) {
                if (open) tp++; else fn++;
            } else {
                if (open) fp++; else tn++;
            }
        }
        assertThat(AlertReplay.confusion(recomputed, settings))
                .isEqualTo(new io.fleetanomaly.evaluation.metrics.ConfusionMatrix(tp, fp, fn, tn));
    }

    // ---------------------------------------------------------------------------------------------

    private record JobRun(List<Alert> alerts, List<ScoredEvent> scores) {}

    private static JobRun runJob(AlertSettings settings, List<ScoredEvent> events) throws Exception {
        KeySelector<ScoredEvent, String> byDevice = e -> e.deviceId;
        CusumAlertFunction function = new CusumAlertFunction(settings, DETECTORS, WEIGHTS, FEATURES, "test@1", true);
        try (var harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(function), byDevice, Types.STRING)) {
            harness.open();
            for (ScoredEvent event : events) {
                harness.processElement(event, event.ts);
            }
            List<ScoredEvent> scores = new ArrayList<>();
            var side = harness.getSideOutput(CusumAlertFunction.SCORES);
            for (StreamRecord<ScoredEvent> r : side) {
                scores.add(r.getValue());
            }
            assertThat(scores).hasSameSizeAs(events);
            return new JobRun(harness.extractOutputValues(), scores);
        }
    }

    private static int indexOfTs(DeviceSeries series, long ts) {
        for (int i = 0; i < series.size(); i++) {
            if (series.ts(i) == ts) {
                return i;
            }
        }
        throw new AssertionError("no event at " + ts + " on " + series.deviceId());
    }

    /**
     * Devices interleaved round-robin, each: warm-up events, normal Exp(1) detector scores with
     * occasional unlabeled events, isolated spikes (false-alarm bait), anomalies of varying strength
     * and length (label 1), a NaN and an infinite detector score. Scores are fused exactly as the job
     * does (ScoreFusion start/add/finish), with sensor contributions attached.
     */
    private static List<ScoredEvent> interleavedFleet(long seed) {
        Random random = new Random(seed);
        ScoreFusion fusion = new ScoreFusion(WEIGHTS);
        List<List<ScoredEvent>> perDevice = new ArrayList<>();
        for (int d = 0; d < DEVICES; d++) {
            String id = "pump-" + d;
            List<ScoredEvent> events = new ArrayList<>();
            long ts = TuningData.T0 + d * 7L;
            int warmUp = 5 + random.nextInt(10);
            for (int i = 0; i < warmUp; i++, ts += 1_000) {
                ScoredEvent e = new ScoredEvent();
                e.deviceId = id;
                e.ts = ts;
                e.label = 0;
                e.warmingUp = true;
                events.add(e);
            }
            int n = 900;
            int anomalyLeft = 0;
            double shift = 0;
            for (int i = 0; i < n; i++, ts += 1_000) {
                if (anomalyLeft == 0 && i > 80 && random.nextDouble() < 0.01) {
                    anomalyLeft = 10 + random.nextInt(60);
                    shift = 0.7 + 3.0 * random.nextDouble();
                }
                boolean anomalous = anomalyLeft > 0;
                double spike = !anomalous && random.nextDouble() < 0.01 ? 4.0 + 6.0 * random.nextDouble() : 0.0;
                ScoredEvent e = new ScoredEvent();
                e.deviceId = id;
                e.ts = ts;
                e.label = random.nextDouble() < 0.03 ? SensorEvent.LABEL_UNKNOWN : (anomalous ? 1 : 0);
                fusion.start(e, FEATURES.length);
                for (int det = 0; det < WEIGHTS.length; det++) {
                    double score = -Math.log(1.0 - random.nextDouble()) + spike + (anomalous ? shift * (det + 1) / 2.0 : 0.0);
                    if (i == 300 && det == 1) {
                        score = Double.NaN;
                    } else if (i == 500 && det == 2) {
                        score = Double.POSITIVE_INFINITY;
                    }
                    double[] shares = new double[FEATURES.length];
                    shares[random.nextInt(FEATURES.length)] = 1.0;
                    shares[random.nextInt(FEATURES.length)] += random.nextDouble();
                    fusion.add(e, det, score, shares);
                }
                fusion.finish(e);
                events.add(e);
                if (anomalyLeft > 0) {
                    anomalyLeft--;
                }
            }
            perDevice.add(events);
        }
        List<ScoredEvent> interleaved = new ArrayList<>();
        int max = perDevice.stream().mapToInt(List::size).max().orElse(0);
        for (int i = 0; i < max; i++) {
            for (List<ScoredEvent> events : perDevice) {
                if (i < events.size()) {
                    interleaved.add(events.get(i));
                }
            }
        }
        return interleaved;
    }
}
