package io.fleetanomaly.job.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fleetanomaly.events.Alert;
import io.fleetanomaly.events.AlertResolution;
import io.fleetanomaly.events.AlertStatus;
import io.fleetanomaly.events.ScoredEvent;
import io.fleetanomaly.events.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.fleetanomaly.alerting.AlertSettings;
import io.fleetanomaly.state.CusumState;
import io.fleetanomaly.alerting.SyntheticScores;
/** The keyed function in Flink's operator test harness: records, side output, keys and state. */
@Timeout(60)
class CusumAlertFunctionTest {

    private static final String[] DETECTORS = {"lstm_ae", "iforest", "mahalanobis"};
    private static final double[] WEIGHTS = {0.4, 0.3, 0.3};
    private static final String[] FEATURES = {"temperature_c", "pressure_bar", "vibration_mm_s", "flow_l_min", "power_kw"};
    private static final String MODEL_VERSION = "industrial-5@2026-11-22";
    private static final double[] VIBRATION = {0.0, 0.0, 1.0, 0.0, 0.0};
    private static final double[] PRESSURE = {0.05, 0.8, 0.05, 0.05, 0.05};
    private static final long T0 = 1_763_800_000_000L;
    private static final long STEP_MS = 1_000L;

    @Test
    void stateAndRecordsUseFlinksPojoSerializer() {
        assertThat(TypeInformation.of(CusumState.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(Alert.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(ScoredEvent.class)).isInstanceOf(PojoTypeInfo.class);
    }

    @Test
    void functionIsSerializableForTheJobGraph() throws Exception {
        CusumAlertFunction copy = InstantiationUtil.clone(function(AlertSettings.defaults(), true));
        assertThat(copy).isNotNull();
    }

    @Test
    void mismatchedDetectorNamesAndWeightsAreRejected() {
        assertThatThrownBy(() -> new CusumAlertFunction(
                        AlertSettings.defaults(), DETECTORS, new double[] {0.5, 0.5}, FEATURES, MODEL_VERSION, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("detectorWeights");
    }

    /**
     * Baseline alternating 0 and 2 (μ = 1, σ = 1.0102); then score 5 (z = 3.96) driven by vibration;
     * then score 12 (z = 10.9) driven by pressure; then normal scores of 1 (z = 0).
     */
    @Test
    void fullLifecycleOpenUpdateResolved() throws Exception {
        List<ScoredEvent> events = new ArrayList<>();
        long ts = T0;
        for (int i = 0; i < 50; i++, ts += STEP_MS) {
            events.add(scored("pump-0042", ts, i % 2 == 0 ? 0.0 : 2.0, VIBRATION));
        }
        for (int i = 0; i < 30; i++, ts += STEP_MS) {
            events.add(scored("pump-0042", ts, 5.0, VIBRATION));
        }
        for (int i = 0; i < 90; i++, ts += STEP_MS) {
            events.add(scored("pump-0042", ts, 12.0, PRESSURE));
        }
        for (int i = 0; i < 60; i++, ts += STEP_MS) {
            events.add(scored("pump-0042", ts, 1.0, VIBRATION));
        }

        try (var harness = harness(AlertSettings.defaults(), true)) {
            harness.open();
            process(harness, events);
            List<Alert> alerts = harness.extractOutputValues();

            assertThat(alerts).extracting(a -> a.status)
                    .containsExactly(AlertStatus.OPEN, AlertStatus.UPDATE, AlertStatus.UPDATE, AlertStatus.RESOLVED);
            // S after the 1st score of 5 is 3.46, after the 2nd 6.92 > h.
            long openedAt = T0 + 51 * STEP_MS;
            String alertId = "pump-0042/" + openedAt;
            assertThat(alerts).allSatisfy(a -> {
                assertThat(a.alertId).isEqualTo(alertId);
                assertThat(a.deviceId).isEqualTo("pump-0042");
                assertThat(a.openedAt).isEqualTo(openedAt);
                assertThat(a.threshold).isEqualTo(5.0);
                assertThat(a.detectorNames).containsExactly(DETECTORS);
                assertThat(a.detectorWeights).containsExactly(WEIGHTS);
                assertThat(a.detectorScores).containsExactly(detectorScores(a.score));
                assertThat(a.modelVersion).isEqualTo(MODEL_VERSION);
                assertThat(a.severity).isEqualTo(Severity.ofScore(a.severityScore));
            });

            Alert open = alerts.get(0);
            assertThat(open.ts).isEqualTo(openedAt);
            assertThat(open.score).isEqualTo(5.0);
            assertThat(open.cusum).isGreaterThan(5.0);
            assertThat(open.severity).isEqualTo(Severity.HIGH); // 1 − exp(−3.96 / 4)
            assertThat(open.topSensorNames).containsExactly("vibration_mm_s");
            assertThat(open.topSensorContributions).containsExactly(1.0);

            // Severity and top sensor change within seconds of the jump; the rate limit holds the update a minute.
            Alert update = alerts.get(1);
            assertThat(update.ts).isEqualTo(openedAt + 60_000L);
            assertThat(update.severity).isEqualTo(Severity.CRITICAL);
            assertThat(update.topSensorNames[0]).isEqualTo("pressure_bar");
            assertThat(update.topSensorNames).hasSize(3);
            assertThat(update.topSensorContributions).isSortedAccordingTo((x, y) -> Double.compare(y, x));

            // Back to normal, the severity EWMA (10.9 · 0.8^n) leaves CRITICAL at the 4th event.
            Alert calming = alerts.get(2);
            assertThat(calming.ts).isEqualTo(T0 + (170 + 3) * STEP_MS);
            assertThat(calming.severity).isEqualTo(Severity.HIGH);
            assertThat(calming.topSensorNames[0]).isEqualTo("pressure_bar");

            // From the cap 15, S needs 29 normal events to fall below 1: resolved by the 38th (index 170 + 37).
            Alert resolved = alerts.get(3);
            long resolvedAt = T0 + (170 + 37) * STEP_MS;
            assertThat(resolved.ts).isEqualTo(resolvedAt);
            assertThat(resolved.durationMs).isEqualTo(resolvedAt - openedAt);
            assertThat(resolved.peakScore).isEqualTo(12.0);
            assertThat(resolved.peakSeverity).isEqualTo(Severity.CRITICAL);
            assertThat(resolved.severity).isEqualTo(Severity.LOW);
            assertThat(resolved.cusum).isLessThan(1.0);
            assertThat(resolved.resolution).isEqualTo(AlertResolution.RETURNED_TO_BASELINE);

            List<ScoredEvent> scores = values(harness.getSideOutput(CusumAlertFunction.SCORES));
            assertThat(scores).hasSameSizeAs(events);
            for (int i = 0; i < scores.size(); i++) {
                ScoredEvent out = scores.get(i);
                assertThat(out.ts).isEqualTo(events.get(i).ts);
                assertThat(out.fusedScore).isEqualTo(events.get(i).fusedScore);
                boolean alertOpenAfter = out.ts >= openedAt && out.ts < resolvedAt;
                assertThat(out.openAlertId).as("open alert id at %d", out.ts).isEqualTo(alertOpenAfter ? alertId : null);
            }
            assertThat(scores.get(51).cusum).isEqualTo(open.cusum);
            assertThat(scores.get(49).cusum).isZero();
        }
    }

    @Test
    void aDeviceThatSettlesAtANewLevelResolvesByRecoveryAndSaysSo() throws Exception {
        List<ScoredEvent> events = new ArrayList<>();
        long ts = T0;
        for (int i = 0; i < 50; i++, ts += STEP_MS) {
            events.add(scored("pump-0042", ts, i % 2 == 0 ? 0.0 : 2.0, VIBRATION));
        }
        for (int i = 0; i < 100; i++, ts += STEP_MS) {
            events.add(scored("pump-0042", ts, 12.0, PRESSURE));
        }
        for (int i = 0; i < 300; i++, ts += STEP_MS) {
            events.add(scored("pump-0042", ts, 5.0, PRESSURE)); // z ≈ 4: far above k, the CUSUM stays up
        }
        AlertSettings recovery = AlertSettings.builder().recoveryFraction(0.7).recoveryEwmaAlpha(0.05).build();
        try (var harness = harness(recovery, true)) {
            harness.open();
            process(harness, events);
            List<Alert> alerts = harness.extractOutputValues();
            List<Alert> resolved = alerts.stream().filter(a -> a.status == AlertStatus.RESOLVED).toList();
            assertThat(resolved).hasSize(1);
            assertThat(resolved.get(0).resolution).isEqualTo(AlertResolution.SETTLED_AT_NEW_LEVEL);
            assertThat(resolved.get(0).ts).isBetween(T0 + 150 * STEP_MS, T0 + 200 * STEP_MS);
            // the new level is the baseline now: nothing opens again
            assertThat(alerts).filteredOn(a -> a.status == AlertStatus.OPEN).hasSize(1);
        }
        try (var harness = harness(AlertSettings.defaults(), true)) {
            harness.open();
            process(harness, events);
            assertThat(harness.extractOutputValues()).extracting(a -> a.status).doesNotContain(AlertStatus.RESOLVED);
        }
    }

    @Test
    void warmingUpEventsAreIgnoredByTheCusumButStillEmittedAsScores() throws Exception {
        List<ScoredEvent> events = new ArrayList<>();
        long ts = T0;
        for (int i = 0; i < 60; i++, ts += STEP_MS) {
            events.add(warmingUp("pump-1", ts));
        }
        for (int i = 0; i < 49; i++, ts += STEP_MS) {
            events.add(scored("pump-1", ts, i % 2 == 0 ? 0.0 : 2.0, VIBRATION));
        }
        // Had the warm-up counted towards the baseline, these two spikes would open an alert (3.5 + 3.5 > 5).
        events.add(scored("pump-1", ts, 1_000.0, VIBRATION));
        ts += STEP_MS;
        events.add(scored("pump-1", ts, 1_000.0, VIBRATION));
        ts += STEP_MS;
        for (int i = 0; i < 20; i++, ts += STEP_MS) {
            events.add(scored("pump-1", ts, 1.0, VIBRATION));
            ScoredEvent warm = warmingUp("pump-1", ts);
            warm.fusedScore = 1_000.0;
            events.add(warm);
        }

        try (var harness = harness(AlertSettings.defaults(), true)) {
            harness.open();
            process(harness, events);

            assertThat(harness.extractOutputValues()).isEmpty();
            List<ScoredEvent> scores = values(harness.getSideOutput(CusumAlertFunction.SCORES));
            assertThat(scores).hasSameSizeAs(events);
            assertThat(scores).allSatisfy(e -> assertThat(e.openAlertId).isNull());
            assertThat(scores.subList(0, 60)).allSatisfy(e -> {
                assertThat(e.warmingUp).isTrue();
                assertThat(e.cusum).isZero();
            });
            // A warm-up event carries the CUSUM of the scored event before it.
            for (int i = 111; i < scores.size(); i += 2) {
                assertThat(scores.get(i + 1).cusum).isEqualTo(scores.get(i).cusum);
            }
        }
    }

    @Test
    void noScoresOutputUnlessEnabled() throws Exception {
        try (var harness = harness(AlertSettings.defaults(), false)) {
            harness.open();
            process(harness, anomalousDevice("pump-7", 0));

            assertThat(harness.extractOutputValues()).isNotEmpty();
            Queue<StreamRecord<ScoredEvent>> scores = harness.getSideOutput(CusumAlertFunction.SCORES);
            assertThat(scores == null || scores.isEmpty()).isTrue();
        }
    }

    @Test
    void devicesAreIndependent() throws Exception {
        List<ScoredEvent> anomalous = anomalousDevice("pump-a", 1);
        List<ScoredEvent> normal = normalDevice("pump-b", 2, anomalous.size());

        List<ScoredEvent> interleaved = new ArrayList<>();
        for (int i = 0; i < anomalous.size(); i++) {
            interleaved.add(anomalous.get(i));
            interleaved.add(normal.get(i));
        }
        Run together = run(AlertSettings.defaults(), interleaved);
        Run aloneA = run(AlertSettings.defaults(), anomalous);
        Run aloneB = run(AlertSettings.defaults(), normal);

        assertThat(together.alerts).isNotEmpty().allSatisfy(a -> assertThat(a.deviceId).isEqualTo("pump-a"));
        assertThat(together.alerts).usingRecursiveFieldByFieldElementComparator()
                .containsExactlyElementsOf(aloneA.alerts);
        assertThat(aloneB.alerts).isEmpty();
        assertThat(together.scoresOf("pump-a")).usingRecursiveFieldByFieldElementComparator()
                .containsExactlyElementsOf(aloneA.scores);
        assertThat(together.scoresOf("pump-b")).usingRecursiveFieldByFieldElementComparator()
                .containsExactlyElementsOf(aloneB.scores);
    }

    @Test
    void restoringASnapshotMidStreamGivesTheSameOutputAsAnUninterruptedRun() throws Exception {
        List<ScoredEvent> events = new ArrayList<>();
        List<ScoredEvent> a = anomalousDevice("pump-a", 3);
        List<ScoredEvent> b = anomalousDevice("pump-b", 4);
        List<ScoredEvent> c = normalDevice("pump-c", 5, a.size());
        for (int i = 0; i < a.size(); i++) {
            events.add(a.get(i));
            events.add(b.get(i));
            events.add(c.get(i));
        }
        Run uninterrupted = run(AlertSettings.defaults(), events);
        int cut = 3 * 90; // pump-a and pump-b have alerts open here
        assertThat(uninterrupted.scores.get(cut - 3).openAlertId).isNotNull();
        assertThat(uninterrupted.scores.get(cut - 2).openAlertId).isNotNull();

        List<Alert> alerts = new ArrayList<>();
        List<ScoredEvent> scores = new ArrayList<>();
        OperatorSubtaskState snapshot;
        try (var first = harness(AlertSettings.defaults(), true)) {
            first.open();
            process(first, events.subList(0, cut));
            snapshot = first.snapshot(1L, events.get(cut - 1).ts);
            alerts.addAll(first.extractOutputValues());
            scores.addAll(values(first.getSideOutput(CusumAlertFunction.SCORES)));
        }
        try (var restored = harness(AlertSettings.defaults(), true)) {
            restored.initializeState(snapshot);
            restored.open();
            process(restored, events.subList(cut, events.size()));
            alerts.addAll(restored.extractOutputValues());
            scores.addAll(values(restored.getSideOutput(CusumAlertFunction.SCORES)));
        }

        assertThat(uninterrupted.alerts).extracting(x -> x.status).contains(AlertStatus.OPEN, AlertStatus.RESOLVED);
        assertThat(alerts).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(uninterrupted.alerts);
        assertThat(scores).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(uninterrupted.scores);
    }

    @Test
    void severityOfTheAlertGrowsWithTheShift() throws Exception {
        double[] shifts = {1.0, 3.0, 8.0};
        double[] lastSeverity = new double[shifts.length];
        for (int s = 0; s < shifts.length; s++) {
            SyntheticScores device = new SyntheticScores(11, SyntheticScores.Noise.GAUSSIAN);
            List<ScoredEvent> events = new ArrayList<>();
            long ts = T0;
            for (int i = 0; i < 50; i++, ts += STEP_MS) {
                events.add(scored("pump-s", ts, device.normal(), VIBRATION));
            }
            for (int i = 0; i < 200; i++, ts += 10 * STEP_MS) {
                events.add(scored("pump-s", ts, device.shifted(shifts[s]), VIBRATION));
            }
            Run run = run(AlertSettings.defaults(), events);
            assertThat(run.alerts).isNotEmpty();
            lastSeverity[s] = run.alerts.get(run.alerts.size() - 1).severityScore;
        }
        assertThat(lastSeverity[1]).isGreaterThan(lastSeverity[0]);
        assertThat(lastSeverity[2]).isGreaterThan(lastSeverity[1]);
        assertThat(lastSeverity[2]).isCloseTo(1.0 - Math.exp(-8.0 / 4.0), within(0.15));
    }

    // ---------------------------------------------------------------------------------------------

    /** Outputs of one run through a fresh harness. */
    private static final class Run {
        final List<Alert> alerts;
        final List<ScoredEvent> scores;

        Run(List<Alert> alerts, List<ScoredEvent> scores) {
            this.alerts = alerts;
            this.scores = scores;
        }

        List<ScoredEvent> scoresOf(String deviceId) {
            return scores.stream().filter(e -> e.deviceId.equals(deviceId)).toList();
        }
    }

    private static Run run(AlertSettings settings, List<ScoredEvent> events) throws Exception {
        try (var harness = harness(settings, true)) {
            harness.open();
            process(harness, events);
            return new Run(harness.extractOutputValues(), values(harness.getSideOutput(CusumAlertFunction.SCORES)));
        }
    }

    private static CusumAlertFunction function(AlertSettings settings, boolean emitScores) {
        return new CusumAlertFunction(settings, DETECTORS, WEIGHTS, FEATURES, MODEL_VERSION, emitScores);
    }

    private static final io.fleetanomaly.bundle.BundleIdentity BUNDLE_A = new io.fleetanomaly.bundle.BundleIdentity(
            "model-a", "aa".repeat(32));
    private static final io.fleetanomaly.bundle.BundleIdentity BUNDLE_B = new io.fleetanomaly.bundle.BundleIdentity(
            "model-b", "bb".repeat(32));

    private static KeyedOneInputStreamOperatorTestHarness<String, ScoredEvent, Alert> harness(
            io.fleetanomaly.bundle.BundleIdentity bundle) throws Exception {
        KeySelector<ScoredEvent, String> byDevice = e -> e.deviceId;
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new CusumAlertFunction(
                AlertSettings.defaults(), DETECTORS, WEIGHTS, FEATURES, bundle, false)), byDevice, Types.STRING);
    }

    @Test
    void anAlertOpenUnderAnotherBundleResolvesAsModelChangedAndTheDeviceStartsAgain() throws Exception {
        List<ScoredEvent> events = anomalousDevice("pump-0042", 3);
        int cut = 60; // the alert is open
        org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot;
        try (var a = harness(BUNDLE_A)) {
            a.open();
            process(a, events.subList(0, cut));
            assertThat(a.extractOutputValues()).extracting(x -> x.status).containsExactly(AlertStatus.OPEN);
            snapshot = a.snapshot(1L, 1L);
        }
        try (var sameBundle = harness(BUNDLE_A)) {
            sameBundle.initializeState(snapshot);
            sameBundle.open();
            process(sameBundle, List.of(warmingUp("pump-0042", events.get(cut).ts)));
            assertThat(sameBundle.extractOutputValues()).as("same bundle: the alert stays open").isEmpty();
        }
        try (var b = harness(BUNDLE_B)) {
            b.initializeState(snapshot);
            b.open();
            long ts = events.get(cut).ts;
            process(b, List.of(warmingUp("pump-0042", ts)));
            List<Alert> alerts = b.extractOutputValues();
            assertThat(alerts).hasSize(1);
            Alert resolved = alerts.get(0);
            assertThat(resolved.status).isEqualTo(AlertStatus.RESOLVED);
            assertThat(resolved.resolution).isEqualTo(AlertResolution.MODEL_CHANGED);
            assertThat(resolved.alertId).isEqualTo("pump-0042/" + resolved.openedAt);
            assertThat(resolved.durationMs).isEqualTo(ts - resolved.openedAt);
            assertThat(resolved.modelVersion).isEqualTo("model-b");
            assertThat(resolved.topSensorNames).isNotEmpty(); // same features: the episode's sensors are named
            // the device starts again: its next 50 scored events are a new baseline (no alert can open), no second RESOLVED
            process(b, normalDevice("pump-0042", 9, 50).stream().peek(e -> e.ts = e.ts - T0 + ts + STEP_MS).toList());
            assertThat(b.extractOutputValues()).hasSize(1);
        }
    }

    private static final java.time.Duration IDLE = java.time.Duration.ofMinutes(10);
    private static final java.time.Duration TTL = java.time.Duration.ofHours(1);

    private static KeyedOneInputStreamOperatorTestHarness<String, ScoredEvent, Alert> silenceHarness() throws Exception {
        KeySelector<ScoredEvent, String> byDevice = e -> e.deviceId;
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new CusumAlertFunction(
                AlertSettings.defaults(), DETECTORS, WEIGHTS, FEATURES, BUNDLE_A, false, IDLE, TTL)), byDevice, Types.STRING);
    }

    @Test
    void anOpenAlertOfADeviceSilentForTheIdleTimeoutResolvesAsDeviceSilentAndTheTtlClearsTheDevice() throws Exception {
        List<ScoredEvent> silent = anomalousDevice("pump-0001", 3).subList(0, 60); // stops with its alert open
        long lastTs = silent.get(silent.size() - 1).ts;
        try (var h = silenceHarness()) {
            h.open();
            process(h, silent);
            assertThat(h.extractOutputValues()).extracting(a -> a.status).containsExactly(AlertStatus.OPEN);
            // another device keeps the watermark moving, one normal event a minute, for 90 minutes
            SyntheticScores other = new SyntheticScores(5, SyntheticScores.Noise.GAUSSIAN);
            for (int minute = 1; minute <= 90; minute++) {
                long ts = lastTs + minute * 60_000L;
                h.processElement(scored("pump-0002", ts, other.normal(), PRESSURE), ts);
                h.processWatermark(new org.apache.flink.streaming.api.watermark.Watermark(ts));
                if (ts < lastTs + IDLE.toMillis()) {
                    assertThat(h.extractOutputValues()).as("minute %d", minute).hasSize(1);
                }
            }
            List<Alert> alerts = h.extractOutputValues();
            assertThat(alerts).hasSize(2);
            Alert resolved = alerts.get(1);
            assertThat(resolved.deviceId).isEqualTo("pump-0001");
            assertThat(resolved.status).isEqualTo(AlertStatus.RESOLVED);
            assertThat(resolved.resolution).isEqualTo(AlertResolution.DEVICE_SILENT);
            assertThat(resolved.ts).as("event time: the idle timeout after its last event").isEqualTo(lastTs + IDLE.toMillis());
            assertThat(resolved.durationMs).isEqualTo(resolved.ts - resolved.openedAt);
            assertThat(resolved.alertId).isEqualTo(alerts.get(0).alertId);
            assertThat(io.fleetanomaly.format.AlertJson.toJson(resolved)).contains("\"resolution\":\"device_silent\"");
            assertThat(h.numKeyedStateEntries()).as("after the TTL only the other device keeps state").isEqualTo(1);
        }
    }

    @Test
    void theEndOfABoundedInputResolvesNothing() throws Exception {
        try (var h = silenceHarness()) {
            h.open();
            process(h, anomalousDevice("pump-0001", 3).subList(0, 60));
            h.processWatermark(new org.apache.flink.streaming.api.watermark.Watermark(Long.MAX_VALUE));
            assertThat(h.extractOutputValues()).extracting(a -> a.status).containsExactly(AlertStatus.OPEN);
            assertThat(h.numKeyedStateEntries()).isEqualTo(1);
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, ScoredEvent, Alert> harness(
            AlertSettings settings, boolean emitScores) throws Exception {
        KeySelector<ScoredEvent, String> byDevice = e -> e.deviceId;
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(function(settings, emitScores)), byDevice, Types.STRING);
    }

    private static void process(KeyedOneInputStreamOperatorTestHarness<String, ScoredEvent, Alert> harness,
            List<ScoredEvent> events) throws Exception {
        for (ScoredEvent event : events) {
            harness.processElement(event, event.ts);
        }
    }

    private static <T> List<T> values(Queue<StreamRecord<T>> records) {
        List<T> values = new ArrayList<>();
        if (records != null) {
            records.forEach(r -> values.add(r.getValue()));
        }
        return values;
    }

    /** Baseline, 60 events shifted by 3σ with a varying top sensor, then 150 normal events. */
    private static List<ScoredEvent> anomalousDevice(String deviceId, long seed) {
        SyntheticScores device = new SyntheticScores(seed, SyntheticScores.Noise.EXPONENTIAL);
        List<ScoredEvent> events = new ArrayList<>();
        long ts = T0;
        for (int i = 0; i < 50; i++, ts += STEP_MS) {
            events.add(scored(deviceId, ts, device.normal(), VIBRATION));
        }
        for (int i = 0; i < 60; i++, ts += 5 * STEP_MS) {
            events.add(scored(deviceId, ts, device.shifted(3.0), i < 20 ? VIBRATION : PRESSURE));
        }
        for (int i = 0; i < 150; i++, ts += STEP_MS) {
            events.add(scored(deviceId, ts, device.normal() - 0.5 * device.std, VIBRATION));
        }
        return events;
    }

    private static List<ScoredEvent> normalDevice(String deviceId, long seed, int count) {
        SyntheticScores device = new SyntheticScores(seed, SyntheticScores.Noise.GAUSSIAN);
        List<ScoredEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(scored(deviceId, T0 + i * STEP_MS, device.normal(), PRESSURE));
        }
        return events;
    }

    private static ScoredEvent scored(String deviceId, long ts, double fusedScore, double[] contributions) {
        ScoredEvent event = new ScoredEvent();
        event.deviceId = deviceId;
        event.ts = ts;
        event.fusedScore = fusedScore;
        event.detectorScores = detectorScores(fusedScore);
        event.sensorContributions = contributions.clone();
        return event;
    }

    private static ScoredEvent warmingUp(String deviceId, long ts) {
        ScoredEvent event = new ScoredEvent();
        event.deviceId = deviceId;
        event.ts = ts;
        event.warmingUp = true;
        return event;
    }

    private static double[] detectorScores(double fusedScore) {
        return new double[] {fusedScore * 0.9, fusedScore * 1.2, fusedScore * 0.9};
    }
}
