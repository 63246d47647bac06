package io.fleetanomaly.job.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetanomaly.bundle.AlertingParameters;
import io.fleetanomaly.bundle.ModelBundle;
import io.fleetanomaly.control.AlertingOverrides;
import io.fleetanomaly.control.ModelAnnouncement;
import io.fleetanomaly.control.ModelLineage;
import io.fleetanomaly.events.Alert;
import io.fleetanomaly.events.AlertResolution;
import io.fleetanomaly.events.AlertStatus;
import io.fleetanomaly.events.ScoredEvent;
import io.fleetanomaly.job.DeviceIdSelector;
import io.fleetanomaly.simulator.SimulatorProfile;
import io.fleetanomaly.testing.TestBundles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.executiongraph.ExecutionAttemptID;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskMetricGroup;
import org.apache.flink.runtime.metrics.util.TestingMetricRegistry;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The alert operator's metrics (alerts opened by severity, updated, resolved, open alerts, the
 * event-to-alert latency, non-finite scores) count every alert record and score, whichever model is
 * in force: the start-up model's, then one swapped in through the control stream, with alerting
 * overrides. Read through a metric registry, as a reporter would.
 */
class SwappedModelAlertMetricsTest {
    static final long T0 = 1_767_225_600_000L;

    /** 60 baseline events alternating 0.5 and 1.5, then {@code shifted} at 10, all scored by {@code version}. */
    static List<ScoredEvent> shift(String device, String version, long start, int shifted) {
        List<ScoredEvent> events = new ArrayList<>();
        for (int i = 0; i < 60 + shifted; i++) {
            ScoredEvent e = new ScoredEvent();
            e.deviceId = device;
            e.ts = start + 1000L * i;
            e.fusedScore = i < 60 ? (i % 2 == 0 ? 0.5 : 1.5) : 10.0;
            e.modelVersion = version;
            events.add(e);
        }
        return events;
    }

    @Test
    void alertsAndNonFiniteScoresOfASwappedModelAreCounted() throws Exception {
        ModelBundle v1 = TestBundles.small(SimulatorProfile.INDUSTRIAL);
        // another bundle (other detectors and sensors): a swap with re-warm-up, so the alert open under v1 closes
        ModelBundle v2 = TestBundles.small(SimulatorProfile.TELEMETRY).withVersion("telemetry-swapped");
        AlertingParameters lower = new AlertingParameters();
        lower.h = v1.alertSettings().h() / 2;
        ScoredEvent announcement = ScoredEvent.announcing(ModelAnnouncement.of(1, v2,
                AlertingOverrides.none().with("", lower), new ModelLineage[0]), "pump-0001");

        Map<String, Metric> metrics = new ConcurrentHashMap<>();
        TestingMetricRegistry registry = TestingMetricRegistry.builder()
                .setRegisterConsumer((metric, name, group) -> metrics.put(group.getMetricIdentifier(name), metric))
                .build();
        TaskMetricGroup task = TaskManagerMetricGroup.createTaskManagerMetricGroup(registry, "localhost", ResourceID.generate())
                .addJob(new JobID(), "job")
                .addTask(ExecutionAttemptID.randomId(), "cusum-alerts");

        CusumAlertFunction function = new CusumAlertFunction(v1.alertSettings(), v1.detectorNames(),
                v1.detectorWeights(), v1.features().toArray(new String[0]), v1.identity(), false);
        List<Alert> alerts;
        try (MockEnvironment env = new MockEnvironmentBuilder().setMetricGroup(task).build();
                var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(function),
                        new DeviceIdSelector.OfScore(), Types.STRING, env)) {
            h.open();
            List<ScoredEvent> events = new ArrayList<>(shift("pump-0001", v1.version(), T0, 10));
            events.add(announcement);
            List<ScoredEvent> swapped = shift("pump-0001", v2.version(), T0 + 200_000L, 60);
            swapped.get(30).fusedScore = Double.NaN;
            swapped.get(90).fusedScore = Double.POSITIVE_INFINITY;
            events.addAll(swapped);
            for (ScoredEvent e : events) {
                h.processElement(e, e.isAnnouncement() ? T0 : e.ts);
            }
            alerts = h.extractOutputValues();

            long opened = alerts.stream().filter(a -> a.status == AlertStatus.OPEN).count();
            long updated = alerts.stream().filter(a -> a.status == AlertStatus.UPDATE).count();
            long resolved = alerts.stream().filter(a -> a.status == AlertStatus.RESOLVED).count();
            assertThat(alerts).as("an alert under each model, the first closed by the swap")
                    .anySatisfy(a -> assertThat(a.status == AlertStatus.OPEN && a.modelVersion.equals(v1.version())).isTrue())
                    .anySatisfy(a -> assertThat(a.resolution).isEqualTo(AlertResolution.MODEL_CHANGED))
                    .anySatisfy(a -> assertThat(a.status == AlertStatus.OPEN && a.modelVersion.equals(v2.version())
                            && a.threshold == lower.h).isTrue());
            assertThat(alerts.stream().filter(a -> a.resolution != null).map(a -> a.resolution))
                    .as("resolved only by the swap").containsExactly(AlertResolution.MODEL_CHANGED);

            assertThat(sum(metrics, ".alerts_opened")).as("alerts_opened over all severities").isEqualTo(opened);
            assertThat(sum(metrics, ".alerts_updated")).isEqualTo(updated);
            assertThat(sum(metrics, ".alerts_resolved")).isEqualTo(resolved);
            assertThat((Long) ((Gauge<?>) one(metrics, ".open_alerts")).getValue()).isEqualTo(opened - resolved);
            assertThat(((Histogram) one(metrics, ".event_to_alert_latency_ms")).getCount()).isEqualTo(opened);
            assertThat(sum(metrics, ".scores_non_finite")).as("NaN and infinity under the swapped model").isEqualTo(2);
        }
    }

    private static long sum(Map<String, Metric> metrics, String suffix) {
        List<Counter> counters = metrics.entrySet().stream().filter(e -> e.getKey().endsWith(suffix))
                .map(e -> (Counter) e.getValue()).toList();
        assertThat(counters).as("metrics named *" + suffix).isNotEmpty();
        return counters.stream().mapToLong(Counter::getCount).sum();
    }

    private static Metric one(Map<String, Metric> metrics, String suffix) {
        List<Metric> found = metrics.entrySet().stream().filter(e -> e.getKey().endsWith(suffix))
                .map(Map.Entry::getValue).toList();
        assertThat(found).as("metrics named *" + suffix).hasSize(1);
        return found.get(0);
    }
}
