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

    private static final String[] SIDE_FEATURES = {"cpu", "latency"};
    private static final double[] SENSOR_0_LEADS = {0.9, 0.1};
    private static final long SENSOR_0_BELOW = 1L;

    /**
     * The return rule (docs/alerting.md "The return after a fault") replayed as the job runs it: on a
     * device with the service bundle's alerting and the rule on, a level shift up on sensor 0 whose
     * alert resolves within it (the normal drawn in), then the shift's end (sensor 0 back below the
     * drawn-in normal), which the rule keeps from opening a second alert; a second device has the
     * same scores with sensor 0 on the same side throughout, so its end opens one. The replay reads
     * each event's contributions and sides from the records; over records without them it refuses the
     * settings instead of replaying without the rule.
     */
    @org.junit.jupiter.api.Test
    void theReturnRuleIsReplayedFromTheRecordedContributionsAndSides() throws Exception {
        AlertSettings settings = io.fleetanomaly.training.TrainingSettings.recommendedAlertSettings().toBuilder()
                .recoveryFraction(0.7).returnHorizonMs(12 * 3_600_000L).build();
        List<ScoredEvent> input = new ArrayList<>();
        List<ScoredEvent> returning = levelShiftAndItsEnd("svc-returns", settings, SENSOR_0_BELOW);
        List<ScoredEvent> sameSide = levelShiftAndItsEnd("svc-same-side", settings, 0L);
        for (int i = 0; i < returning.size(); i++) {
            input.add(returning.get(i));
            input.add(sameSide.get(i));
        }
        JobRun job = runJob(settings, input, new String[] {"x"}, new double[] {1.0}, SIDE_FEATURES);

        // The job: the returning device's end opens nothing, the other device's end opens a second alert.
        assertThat(job.alerts).filteredOn(a -> a.deviceId.equals("svc-returns") && a.status != AlertStatus.UPDATE)
                .extracting(a -> a.status).containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED);
        assertThat(job.alerts).filteredOn(a -> a.deviceId.equals("svc-same-side")
                && a.status == AlertStatus.OPEN).hasSize(2);

        List<DeviceSeries> devices = DeviceSeries.byDevice(job.scores.stream().map(ReplayRecord::of).toList());
        assertThat(devices).allMatch(DeviceSeries::hasSensorSides);
        FleetScores recomputed = FleetScores.fuse(devices, new double[] {1.0});
        for (int d = 0; d < devices.size(); d++) {
            DeviceSeries series = devices.get(d);
            assertThat(AlertReplay.alertOpen(recomputed, d, settings)).as("device %s", series.deviceId())
                    .containsExactly(series.recordedAlertOpen());
        }
        assertThat(FusionTuner.recordedAlertMismatches(devices, settings)).isZero();

        // Without the rule the returning device's end is flagged: the rule is what the replay matched.
        DeviceSeries returns = devices.get(0);
        boolean[] withoutRule = AlertReplay.alertOpen(returns, returns.recordedFusedScores(),
                settings.toBuilder().returnHorizonMs(0).build());
        assertThat(withoutRule).isNotEqualTo(returns.recordedAlertOpen());

        // Records without the sensor sides (recorded with the rule off): the replay refuses the rule.
        List<DeviceSeries> withoutSides = DeviceSeries.byDevice(job.scores.stream()
                .map(e -> ReplayRecord.of(e, false, 0, false)).toList());
        assertThat(withoutSides).noneMatch(DeviceSeries::hasSensorSides);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> AlertReplay.confusion(FleetScores.recorded(withoutSides), settings))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("return_horizon_ms");
        assertThat(AlertReplay.alertOpen(withoutSides.get(1), withoutSides.get(1).recordedFusedScores(),
                settings.toBuilder().returnHorizonMs(0).build())).containsExactly(devices.get(1).recordedAlertOpen());
    }

    /**
     * Five-minute events of one device: a warm-up, the CUSUM baseline, a quiet stretch, a level shift
     * led by sensor 0 (above its normal) whose alert resolves within it, then its end, led by sensor 0
     * on the side {@code endMask} says, and quiet again. Scores are placed at exact z values of the
     * device's CUSUM baseline (computed here as the detector will).
     */
    private static List<ScoredEvent> levelShiftAndItsEnd(String id, AlertSettings settings, long endMask) {
        Random random = new Random(3);
        List<ScoredEvent> events = new ArrayList<>();
        long[] ts = {TuningData.T0};
        for (int i = 0; i < 10; i++) {
            ScoredEvent e = new ScoredEvent();
            e.deviceId = id;
            e.ts = ts[0];
            ts[0] += 300_000L;
            e.label = 0;
            e.warmingUp = true;
            events.add(e);
        }
        io.fleetanomaly.alerting.CusumDetector mirror = new io.fleetanomaly.alerting.CusumDetector(settings, 2);
        io.fleetanomaly.state.CusumState baseline = mirror.newState();
        while (!mirror.baselineComplete(baseline)) {
            double score = 1.0 + random.nextDouble();
            mirror.observe(baseline, ts[0], score, null);
            events.add(scored(id, ts, score, new double[] {0.5, 0.5}, 0L, 0));
        }
        java.util.function.DoubleUnaryOperator atZ = z -> baseline.baselineMean + z * baseline.baselineStd;
        for (int i = 0; i < 100; i++) {
            events.add(scored(id, ts, atZ.applyAsDouble(0.0), new double[] {0.5, 0.5}, 0L, 0));
        }
        for (int i = 0; i < 40; i++) {
            events.add(scored(id, ts, atZ.applyAsDouble(12.0), SENSOR_0_LEADS, 0L, 1)); // the shift begins
        }
        for (int i = 0; i < 60; i++) {
            events.add(scored(id, ts, atZ.applyAsDouble(0.5), SENSOR_0_LEADS, 0L, 1)); // the normal drawn in
        }
        for (int i = 0; i < 6; i++) {
            events.add(scored(id, ts, atZ.applyAsDouble(12.0), SENSOR_0_LEADS, endMask, 0)); // the shift ends
        }
        for (int i = 0; i < 60; i++) {
            events.add(scored(id, ts, atZ.applyAsDouble(0.0), new double[] {0.5, 0.5}, 0L, 0));
        }
        return events;
    }

    private static ScoredEvent scored(String id, long[] ts, double score, double[] shares, long belowNormalMask, int label) {
        ScoredEvent e = new ScoredEvent();
        e.deviceId = id;
        e.ts = ts[0];
        ts[0] += 300_000L;
        e.label = label;
        ScoreFusion fusion = new ScoreFusion(new double[] {1.0});
        fusion.start(e, shares.length);
        fusion.add(e, 0, score, shares);
        fusion.finish(e);
        e.belowNormalMask = belowNormalMask;
        return e;
    }

    // ---------------------------------------------------------------------------------------------

    private record JobRun(List<Alert> alerts, List<ScoredEvent> scores) {}

    private static JobRun runJob(AlertSettings settings, List<ScoredEvent> events) throws Exception {
        return runJob(settings, events, DETECTORS, WEIGHTS, FEATURES);
    }

    private static JobRun runJob(AlertSettings settings, List<ScoredEvent> events, String[] detectors,
            double[] weights, String[] features) throws Exception {
        KeySelector<ScoredEvent, String> byDevice = e -> e.deviceId;
        CusumAlertFunction function = new CusumAlertFunction(settings, detectors, weights, features, "test@1", true);
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
