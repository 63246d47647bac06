package io.fleetanomaly.job.alerting;

import io.fleetanomaly.events.Alert;
import io.fleetanomaly.events.AlertStatus;
import io.fleetanomaly.events.Severity;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.OperatorStateStore;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * Metrics of the CUSUM alert operator (group {@code fleet_anomaly}): alerts opened by severity
 * (label {@code severity}), updated and resolved; alerts open now ({@code open_alerts}, a gauge);
 * and the event-time-to-alert latency of each OPEN: wall clock when the alert is emitted minus
 * the time of the event that opened it ({@code event_to_alert_latency_ms}, a histogram over the
 * last {@value #HISTOGRAM_WINDOW} openings).
 *
 * <p>The open count is kept in operator state, so it survives restores; after a rescale the old
 * subtasks' counts land on some new subtask each, so the count of one subtask may drift while the
 * sum over all subtasks (what a dashboard shows) stays exact.
 */
final class AlertMetrics {
    static final int HISTOGRAM_WINDOW = 1000;
    /** Name of the operator state of the open count; keep it stable so savepoints restore. */
    static final String OPEN_ALERTS_STATE = "open-alerts-count";

    private final ListState<Long> stored;
    private long openAlerts;
    private final Map<Severity, Counter> opened = new EnumMap<>(Severity.class);
    private Counter updated;
    private Counter resolved;
    private Histogram latencyMs;

    /** @param store the operator's state store, or null when the function runs without checkpointing (tests) */
    AlertMetrics(OperatorStateStore store) throws Exception {
        stored = store == null ? null : store.getListState(new ListStateDescriptor<>(OPEN_ALERTS_STATE, Long.class));
        if (stored != null) {
            for (Long count : stored.get()) {
                openAlerts += count;
            }
        }
    }

    void register(MetricGroup operator) {
        MetricGroup group = operator.addGroup("fleet_anomaly");
        for (Severity severity : Severity.values()) {
            opened.put(severity, group.addGroup("severity", severity.name().toLowerCase(Locale.ROOT)).counter("alerts_opened"));
        }
        updated = group.counter("alerts_updated");
        resolved = group.counter("alerts_resolved");
        group.gauge("open_alerts", (Gauge<Long>) () -> openAlerts);
        latencyMs = group.histogram("event_to_alert_latency_ms", new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
    }

    /** Counts an alert record the operator emits ({@link #register} first). */
    void emitted(Alert alert, long nowMs) {
        if (alert.status == AlertStatus.OPEN) {
            openAlerts++;
            opened.get(alert.severity).inc();
            latencyMs.update(nowMs - alert.ts);
        } else if (alert.status == AlertStatus.RESOLVED) {
            openAlerts--;
            resolved.inc();
        } else {
            updated.inc();
        }
    }

    void snapshot() throws Exception {
        if (stored != null) {
            stored.update(List.of(openAlerts));
        }
    }
}
